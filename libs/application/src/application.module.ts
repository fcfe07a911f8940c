import { Module } from '@nestjs/common';
import { AccessRegistry } from './access-registry';
import { ClaimRegistry } from './claims';
import { CLOCK, systemClock } from './clock';
import { CustomerLedger } from './customer-ledger.service';
import { PersonalDataErasure } from './personal-data-erasure';
import { ProgramService } from './program.service';
import { ReferralCodes } from './referral-codes';

/**
 * The write side's services. Needs an event store module (EVENT_STORE) and a PersonalDataModule
 * (PersonalData) imported globally.
 */
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    ClaimRegistry,
    ProgramService,
    CustomerLedger,
    PersonalDataErasure,
    ReferralCodes,
    AccessRegistry,
  ],
  exports: [CLOCK, AccessRegistry, ClaimRegistry, ProgramService, CustomerLedger, PersonalDataErasure, ReferralCodes],
})
export class ApplicationModule {}
