import { Inject, Injectable } from '@nestjs/common';
import { quotePurchase, storedInstant } from '@setia/domain';
import type { Basket, PurchaseQuote } from '@setia/domain';
import { TENANT_TIME } from './clock';
import type { TenantTime } from './clock';
import { CustomerLedger } from './customer-ledger.service';
import { ProgramService } from './program.service';

/** A basket quoted at the till: the customer's ledger and the program as they stand, nothing recorded. */
@Injectable()
export class PurchaseQuotes {
  constructor(
    private readonly ledger: CustomerLedger,
    private readonly programs: ProgramService,
    @Inject(TENANT_TIME) private readonly time: TenantTime,
  ) {}

  async quote(tenant: string, basket: Basket): Promise<PurchaseQuote> {
    const { program } = await this.programs.forDecision(tenant, false);
    const customer = await this.ledger.state(tenant, basket.customerId);
    // The instant as a purchase records it, so the quote is decided on what the purchase will be.
    return quotePurchase({ ...basket, occurredAt: storedInstant(basket.occurredAt) }, customer, program, await this.time.now(tenant));
  }
}
