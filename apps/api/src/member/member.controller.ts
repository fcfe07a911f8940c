import { Body, Controller, Get, HttpCode, Inject, Post, Query as QueryString } from '@nestjs/common';
import { CommandBus, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { asCustomerEvent, customerView, CustomerLedger, PartnerPools, ProgramService, TENANT_TIME } from '@setia/application';
import type { CommandContext, CustomerView, Principal, TenantTime } from '@setia/application';
import { CustomerNotFound, memberHistoryPage, memberRewards, ProgramNotConfigured, tierProgress } from '@setia/domain';
import type { MemberHistoryEntry, MemberReward } from '@setia/domain';
import { Allow } from '@setia/platform';
import { Acting, Caller } from '../access/caller';
import { ErasePersonalData, RedeemReward, SubmitFeedback } from '../customers/customer.commands';
import { GetMemberOffers } from '../customers/customer.queries';
import { GetStampCards, GetWallet } from '../customers/vouchers';
import { IdField, IntegerField, TextField } from '../http/fields';
import { pageNumber } from '../http/paging';
import { TenantParam } from '../http/params';

/** The member a token names: the one customer a member may read or act for. */
const me = (caller: Principal) => caller.customerId!;

export class MemberRedemptionDto {
  @IdField('Redemption id, unique within the tenant for ever (the app makes one per tap, and sends it again on a retry)')
  redemptionId: string;

  @IdField('Reward from the catalogue')
  rewardId: string;

  @IdField('Store where the member collects the reward')
  storeId: string;
}

export class MemberFeedbackDto {
  @IdField('Feedback id, unique within the tenant for ever')
  feedbackId: string;

  @IdField('Store the feedback is about')
  storeId: string;

  @IdField('The member\'s own receipt the feedback is about; earns the feedback bonus once per receipt')
  receiptId: string;

  @IntegerField('Net promoter score: how likely to recommend, 0 to 10', 0, 10)
  nps: number;

  @IntegerField('Customer satisfaction, 1 to 5', 1, 5, { optional: true })
  csat?: number;

  @TextField('Free comment', 2000, { optional: true })
  comment?: string;
}

export interface MemberProfile extends CustomerView {
  /** The next tier up and the qualifying spend (minor units) still needed for it; null at the top. */
  progress: { nextTier: string; spendToGo: number } | null;
}

export class GetMemberProfile extends Query<MemberProfile> {
  constructor(readonly tenant: string, readonly customerId: string) {
    super();
  }
}

@QueryHandler(GetMemberProfile)
export class GetMemberProfileHandler implements IQueryHandler<GetMemberProfile> {
  constructor(private readonly ledger: CustomerLedger, private readonly programs: ProgramService, @Inject(TENANT_TIME) private readonly time: TenantTime) {}

  async execute({ tenant, customerId }: GetMemberProfile): Promise<MemberProfile> {
    const state = await this.ledger.state(tenant, customerId);
    if (!state.known) throw new CustomerNotFound(customerId);
    const program = await this.programs.current(tenant);
    if (!program) throw new ProgramNotConfigured(tenant);
    const view = customerView(customerId, state, await this.time.now(tenant));
    return { ...view, progress: tierProgress(program.rules, state, view.qualifyingSpend) };
  }
}

export interface MemberHistoryPage {
  customerId: string;
  /** Up to limit entries from fromRevision on, in ledger order. */
  entries: MemberHistoryEntry[];
  /** The member's balance now: what the last entry of the whole history leaves. */
  balance: number;
  /** fromRevision of the next page; null after the last entry. */
  nextRevision: number | null;
}

export class GetMemberHistory extends Query<MemberHistoryPage> {
  constructor(readonly tenant: string, readonly customerId: string, readonly fromRevision: number, readonly limit: number) {
    super();
  }
}

@QueryHandler(GetMemberHistory)
export class GetMemberHistoryHandler implements IQueryHandler<GetMemberHistory> {
  constructor(private readonly ledger: CustomerLedger) {}

  async execute({ tenant, customerId, fromRevision, limit }: GetMemberHistory): Promise<MemberHistoryPage> {
    // The whole ledger is read and folded: a page's balances, and the balance now, are those of the full history.
    const events = await this.ledger.readLedger(tenant, customerId);
    if (events.length === 0) throw new CustomerNotFound(customerId);
    const page = memberHistoryPage(events.map((event) => ({ ...asCustomerEvent(event), revision: event.revision })), fromRevision, limit);
    return { customerId, ...page };
  }
}

export class GetMemberRewards extends Query<{ points: number; rewards: MemberReward[] }> {
  constructor(readonly tenant: string, readonly customerId: string) {
    super();
  }
}

@QueryHandler(GetMemberRewards)
export class GetMemberRewardsHandler implements IQueryHandler<GetMemberRewards> {
  constructor(private readonly ledger: CustomerLedger, private readonly programs: ProgramService, private readonly pools: PartnerPools) {}

  async execute({ tenant, customerId }: GetMemberRewards) {
    const state = await this.ledger.state(tenant, customerId);
    if (!state.known) throw new CustomerNotFound(customerId);
    const program = await this.programs.current(tenant);
    if (!program) throw new ProgramNotConfigured(tenant);
    const partners = [...new Set((program.rules.partnerRewards?.rewards ?? []).map((reward) => reward.partnerId))];
    const withCodes = await Promise.all(partners.map((partnerId) => this.pools.hasCodeLeft(tenant, partnerId)));
    return { points: state.points, rewards: memberRewards(program.rules, state, new Set(partners.filter((_, i) => withCodes[i]))) };
  }
}

/**
 * The member's own door, for the chain's app and website: a token of the chain's identity
 * provider that names a member reads and does what is theirs only. Every path is under /me, so
 * another member's id cannot even be asked for.
 */
@ApiTags('member')
@ApiBearerAuth()
@Allow('member')
@Controller('v1/tenants/:tenant/me')
export class MemberController {
  constructor(private readonly queries: QueryBus, private readonly commands: CommandBus) {}

  @Get()
  @ApiOperation({ summary: 'The member\'s profile: stage, tier and progress to the next, points and those expiring soon' })
  profile(@TenantParam() tenant: string, @Caller() caller: Principal) {
    return this.queries.execute(new GetMemberProfile(tenant, me(caller)));
  }

  @Get('history')
  @ApiOperation({ summary: 'The member\'s ledger in their words, in order, with the balance each entry leaves; a page at a time (nextRevision reads on)' })
  @ApiQuery({ name: 'fromRevision', required: false, schema: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 500 } })
  history(@TenantParam() tenant: string, @Caller() caller: Principal, @QueryString('fromRevision') fromRevision?: string, @QueryString('limit') limit?: string) {
    return this.queries.execute(
      new GetMemberHistory(tenant, me(caller), pageNumber('fromRevision', fromRevision, 0, 0, Number.MAX_SAFE_INTEGER), pageNumber('limit', limit, 500, 1, 1000)),
    );
  }

  @Get('rewards')
  @ApiOperation({ summary: 'Every reward the member may redeem points for (the catalogue, vouchers, partners\' gift cards), what each gives, and whether they can afford it now' })
  rewards(@TenantParam() tenant: string, @Caller() caller: Principal) {
    return this.queries.execute(new GetMemberRewards(tenant, me(caller)));
  }

  @Get('vouchers')
  @ApiOperation({ summary: 'The member\'s wallet: their vouchers with their codes and status, and the partners\' gift cards they got' })
  wallet(@TenantParam() tenant: string, @Caller() caller: Principal) {
    return this.queries.execute(new GetWallet(tenant, me(caller)));
  }

  @Get('offers')
  @ApiOperation({ summary: 'The member-only offers the member may use now, with the uses they have left of each' })
  offers(@TenantParam() tenant: string, @Caller() caller: Principal) {
    return this.queries.execute(new GetMemberOffers(tenant, me(caller)));
  }

  @Get('stamp-cards')
  @ApiOperation({ summary: 'The member\'s stamp cards: stamps on each, stamps needed, cards completed' })
  stampCards(@TenantParam() tenant: string, @Caller() caller: Principal) {
    return this.queries.execute(new GetStampCards(tenant, me(caller)));
  }

  @Post('redemptions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Redeem a reward, collected at a store: the same decision and limits as at the till, recorded as done by the member' })
  redeem(@TenantParam() tenant: string, @Caller() caller: Principal, @Acting() acting: CommandContext, @Body() request: MemberRedemptionDto) {
    return this.commands.execute(new RedeemReward(acting, { ...request, customerId: me(caller) }));
  }

  @Post('feedback')
  @HttpCode(201)
  @ApiOperation({ summary: 'Feedback on one of the member\'s own receipts' })
  feedback(@TenantParam() tenant: string, @Caller() caller: Principal, @Acting() acting: CommandContext, @Body() request: MemberFeedbackDto) {
    return this.commands.execute(new SubmitFeedback(acting, { ...request, customerId: me(caller) }));
  }

  @Post('erasure')
  @HttpCode(200)
  @ApiOperation({ summary: 'The member asks to be forgotten: their personal data is erased, recorded as done by the member; points stay' })
  erase(@TenantParam() tenant: string, @Caller() caller: Principal, @Acting() acting: CommandContext) {
    return this.commands.execute(new ErasePersonalData(acting, me(caller)));
  }
}
