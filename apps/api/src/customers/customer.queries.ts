import { Inject } from '@nestjs/common';
import { Query, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { CardIndex, customerView, CustomerLedger, lotsView, ProgramService, PurchaseQuotes, TENANT_TIME, tillSummary } from '@setia/application';
import type { CustomerView, TenantTime, TillSummary } from '@setia/application';
import { balanceAsOf, CardNotFound, CustomerNotFound, customerStream, offersNow, ProgramNotConfigured } from '@setia/domain';
import type { BalanceAsOf, CustomerEvent, OfferNow, PurchaseQuote } from '@setia/domain';
import type { QuoteDto } from './requests.dto';
import { EVENT_STORE } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';

export class GetCustomer extends Query<CustomerView> {
  constructor(readonly tenant: string, readonly customerId: string) {
    super();
  }
}

@QueryHandler(GetCustomer)
export class GetCustomerHandler implements IQueryHandler<GetCustomer> {
  constructor(private readonly ledger: CustomerLedger, @Inject(TENANT_TIME) private readonly time: TenantTime) {}

  async execute({ tenant, customerId }: GetCustomer) {
    const state = await this.ledger.state(tenant, customerId);
    if (!state.known) throw new CustomerNotFound(customerId);
    return customerView(customerId, state, await this.time.now(tenant));
  }
}

export class GetLots extends Query<ReturnType<typeof lotsView>> {
  constructor(readonly tenant: string, readonly customerId: string) {
    super();
  }
}

@QueryHandler(GetLots)
export class GetLotsHandler implements IQueryHandler<GetLots> {
  constructor(private readonly ledger: CustomerLedger) {}

  async execute({ tenant, customerId }: GetLots) {
    const state = await this.ledger.state(tenant, customerId);
    if (!state.known) throw new CustomerNotFound(customerId);
    return lotsView(customerId, state);
  }
}

export class GetTillSummary extends Query<TillSummary> {
  constructor(readonly tenant: string, readonly customerId: string) {
    super();
  }
}

/** The till's summary of a customer, from their ledger as it stands (the same balance as GetCustomer's). */
@QueryHandler(GetTillSummary)
export class GetTillSummaryHandler implements IQueryHandler<GetTillSummary> {
  constructor(private readonly ledger: CustomerLedger, private readonly programs: ProgramService, @Inject(TENANT_TIME) private readonly time: TenantTime) {}

  async execute({ tenant, customerId }: GetTillSummary): Promise<TillSummary> {
    const state = await this.ledger.state(tenant, customerId);
    if (!state.known) throw new CustomerNotFound(customerId);
    return tillSummary(customerId, state, await this.programs.current(tenant), await this.time.now(tenant));
  }
}

export class FindMemberByCard extends Query<TillSummary> {
  constructor(readonly tenant: string, readonly cardNumber: string) {
    super();
  }
}

/**
 * The member a card finds, through the blind index and confirmed by their ledger: a card replaced
 * or erased finds no one, whatever the index still says.
 */
@QueryHandler(FindMemberByCard)
export class FindMemberByCardHandler implements IQueryHandler<FindMemberByCard> {
  constructor(
    private readonly cards: CardIndex,
    private readonly ledger: CustomerLedger,
    private readonly programs: ProgramService,
    @Inject(TENANT_TIME) private readonly time: TenantTime,
  ) {}

  async execute({ tenant, cardNumber }: FindMemberByCard): Promise<TillSummary> {
    const holder = await this.cards.holder(tenant, cardNumber, (customerId) => this.ledger.state(tenant, customerId));
    if (!holder) throw new CardNotFound();
    return tillSummary(holder.customerId, holder.state, await this.programs.current(tenant), await this.time.now(tenant));
  }
}

export interface LedgerEntry {
  revision: number;
  eventId: string;
  type: string;
  data: unknown;
  recordedAt: string;
  correlationId?: string;
  principal?: string;
}

export interface LedgerPage {
  customerId: string;
  events: LedgerEntry[];
  /** The revision to ask for next, or null at the end of the ledger. */
  nextRevision: number | null;
}

export class GetLedger extends Query<LedgerPage> {
  constructor(readonly tenant: string, readonly customerId: string, readonly fromRevision: number, readonly limit: number) {
    super();
  }
}

/** Personal fields are shown decrypted, or null once the customer's data was erased. */
@QueryHandler(GetLedger)
export class GetLedgerHandler implements IQueryHandler<GetLedger> {
  constructor(private readonly ledger: CustomerLedger) {}

  async execute({ tenant, customerId, fromRevision, limit }: GetLedger): Promise<LedgerPage> {
    const events = await this.ledger.readLedger(tenant, customerId, { fromRevision, maxCount: limit + 1 });
    if (events.length === 0 && fromRevision === 0) throw new CustomerNotFound(customerId);
    const page = events.slice(0, limit);
    return {
      customerId,
      events: page.map((event) => ({
        revision: event.revision,
        eventId: event.id,
        type: event.type,
        data: event.data,
        recordedAt: event.recordedAt.toISOString(),
        ...(typeof event.metadata.correlationId === 'string' && { correlationId: event.metadata.correlationId }),
        ...(typeof event.metadata.principal === 'string' && { principal: event.metadata.principal }),
      })),
      nextRevision: events.length > limit ? page[page.length - 1].revision + 1 : null,
    };
  }
}

export class GetBalanceAsOf extends Query<BalanceAsOf> {
  constructor(readonly tenant: string, readonly customerId: string, readonly asOf: string) {
    super();
  }
}

/** A balance on any past date, computed from the ledger alone. */
@QueryHandler(GetBalanceAsOf)
export class GetBalanceAsOfHandler implements IQueryHandler<GetBalanceAsOf> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ tenant, customerId, asOf }: GetBalanceAsOf): Promise<BalanceAsOf> {
    const events = await this.store.readStream(customerStream(tenant, customerId));
    if (events.length === 0) throw new CustomerNotFound(customerId);
    return balanceAsOf(customerId, events.map((event) => ({ type: event.type, data: event.data }) as CustomerEvent), asOf);
  }
}

export class QuoteBasket extends Query<PurchaseQuote & { customerId: string }> {
  constructor(readonly tenant: string, readonly basket: QuoteDto) {
    super();
  }
}

/** What a basket would earn if the till recorded it now; nothing is recorded. */
@QueryHandler(QuoteBasket)
export class QuoteBasketHandler implements IQueryHandler<QuoteBasket> {
  constructor(private readonly quotes: PurchaseQuotes) {}

  async execute({ tenant, basket }: QuoteBasket) {
    const lines = basket.lines.map(({ sku, category, quantity, unitPrice }) => (category === undefined ? { sku, quantity, unitPrice } : { sku, category, quantity, unitPrice }));
    return { customerId: basket.customerId, ...(await this.quotes.quote(tenant, { ...basket, lines })) };
  }
}

export class GetMemberOffers extends Query<{ customerId: string; offers: OfferNow[] }> {
  constructor(readonly tenant: string, readonly customerId: string) {
    super();
  }
}

/** The offers a member may use now, from their ledger and the program in force (none for a customer who has not enrolled). */
@QueryHandler(GetMemberOffers)
export class GetMemberOffersHandler implements IQueryHandler<GetMemberOffers> {
  constructor(private readonly ledger: CustomerLedger, private readonly programs: ProgramService, @Inject(TENANT_TIME) private readonly time: TenantTime) {}

  async execute({ tenant, customerId }: GetMemberOffers) {
    const state = await this.ledger.state(tenant, customerId);
    if (!state.known) throw new CustomerNotFound(customerId);
    const program = await this.programs.current(tenant);
    if (!program) throw new ProgramNotConfigured(tenant);
    return { customerId, offers: offersNow(program.rules.offers ?? [], state, state.rules.offers, await this.time.now(tenant), program.rules) };
  }
}
