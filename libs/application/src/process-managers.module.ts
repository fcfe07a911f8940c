import { Module } from '@nestjs/common';
import { ApplicationModule } from './application.module';
import { ClaimRepair } from './claim-repair.process-manager';
import { ReferralBonusProcessManager } from './referral-bonus.process-manager';

/** Cross-stream reactions, each on its own durable subscription. Run them in one process per deployment. */
@Module({
  imports: [ApplicationModule],
  providers: [ReferralBonusProcessManager, ClaimRepair],
  exports: [ReferralBonusProcessManager, ClaimRepair],
})
export class ProcessManagersModule {}
