import { Module } from '@nestjs/common';
import { ApplicationModule } from './application.module';
import { ClaimRepair } from './claim-repair.process-manager';
import { ReferralBonusProcessManager } from './referral-bonus.process-manager';
import { SchedulerService } from './scheduler.service';

/** Cross-stream reactions and the scheduler, each on its own durable subscription. Run them in one process per deployment. */
@Module({
  imports: [ApplicationModule],
  providers: [ReferralBonusProcessManager, ClaimRepair, SchedulerService],
  exports: [ReferralBonusProcessManager, ClaimRepair, SchedulerService],
})
export class ProcessManagersModule {}
