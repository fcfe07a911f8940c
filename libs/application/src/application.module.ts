import { Module } from '@nestjs/common';
import { AccessRegistry } from './access-registry';
import { CampaignBudgets } from './campaign-budgets';
import { CardIndex } from './card-index';
import { ClaimRegistry } from './claims';
import { CLOCK, systemClock, TENANT_TIME } from './clock';
import { CustomerLedger } from './customer-ledger.service';
import { CustomerSnapshots } from './customer-snapshots';
import { PersonalDataErasure } from './personal-data-erasure';
import { ProgramService } from './program.service';
import { PurchaseQuotes } from './purchase-quotes';
import { ReferralCodes } from './referral-codes';
import { Scheduler } from './scheduler';
import { PartnerPools } from './partner-pools';
import { TenantClocks } from './tenant-clocks';
import { VoucherCodes } from './voucher-codes';

/**
 * The write side's services. Needs an event store module (EVENT_STORE) and a PersonalDataModule
 * (PersonalData, BlindIndex) imported globally.
 */
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    ClaimRegistry,
    ProgramService,
    CardIndex,
    CampaignBudgets,
    VoucherCodes,
    PartnerPools,
    CustomerLedger,
    CustomerSnapshots,
    PurchaseQuotes,
    PersonalDataErasure,
    ReferralCodes,
    AccessRegistry,
    TenantClocks,
    { provide: TENANT_TIME, useExisting: TenantClocks },
    Scheduler,
  ],
  exports: [CLOCK, AccessRegistry, ClaimRegistry, ProgramService, CardIndex, VoucherCodes, PartnerPools, CustomerLedger, PurchaseQuotes, PersonalDataErasure, ReferralCodes, TenantClocks, TENANT_TIME, Scheduler],
})
export class ApplicationModule {}
