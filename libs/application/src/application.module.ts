import { Module } from '@nestjs/common';
import { AccessRegistry } from './access-registry';
import { ClaimRegistry } from './claims';
import { CLOCK, systemClock } from './clock';
import { CustomerLedger } from './customer-ledger.service';
import { ProgramService } from './program.service';
import { ReferralCodes } from './referral-codes';

/** The write side's services. Needs an event store module (EVENT_STORE) imported globally. */
@Module({
  providers: [{ provide: CLOCK, useValue: systemClock }, ClaimRegistry, ProgramService, CustomerLedger, ReferralCodes, AccessRegistry],
  exports: [CLOCK, AccessRegistry, ClaimRegistry, ProgramService, CustomerLedger, ReferralCodes],
})
export class ApplicationModule {}
