import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { SetiaConfig } from '@setia/platform';
import { ApplicationModule } from './application.module';
import { ClaimRepair } from './claim-repair.process-manager';
import { ReferralBonusProcessManager } from './referral-bonus.process-manager';
import { SCHEDULER_SETTINGS } from './scheduler.service';
import type { SchedulerSettings } from './scheduler.service';
import { SchedulerService } from './scheduler.service';
import { schedulerThreadConfig } from './scheduler-threads';

/** Cross-stream reactions and the scheduler, each on its own durable subscription. Run them in one process per deployment. */
@Module({})
export class ProcessManagersModule {
  static forRoot(config: SetiaConfig): DynamicModule {
    const settings: SchedulerSettings = { threads: config.scheduler.threads, stores: schedulerThreadConfig(config) };
    return {
      module: ProcessManagersModule,
      imports: [ApplicationModule],
      providers: [ReferralBonusProcessManager, ClaimRepair, SchedulerService, { provide: SCHEDULER_SETTINGS, useValue: settings }],
      exports: [ReferralBonusProcessManager, ClaimRepair, SchedulerService],
    };
  }
}
