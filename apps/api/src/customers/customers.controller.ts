import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query as QueryString } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { CommandContext, Principal } from '@setia/application';
import { Allow } from '@setia/platform';
import { Acting, Caller } from '../access/caller';
import { CardNumberParam, IdParam, TenantParam } from '../http/params';
import { INSTANT_PATTERN, instantParam, pageNumber } from '../http/paging';
import {
  CancelRedemption,
  EnrolMember,
  ErasePersonalData,
  RecordPurchase,
  RecordReturn,
  RedeemReward,
  ReplaceMemberCard,
  SubmitFeedback,
} from './customer.commands';
import { FindMemberByCard, GetBalanceAsOf, GetCustomer, GetLedger, GetLots, GetMemberOffers, GetTillSummary, QuoteBasket } from './customer.queries';
import { CardDto, EnrolmentDto, FeedbackDto, PurchaseDto, QuoteDto, RedemptionDto, ReturnDto } from './requests.dto';

/**
 * What a store's till posts. Every command is safe to retry: the same id with the same body
 * gets the first answer again and records nothing; the same id with another body gets 409.
 */
@ApiTags('till')
@ApiBearerAuth()
@Allow('pos')
@Controller('v1/tenants/:tenant')
export class TillController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post('members')
  @HttpCode(201)
  @ApiOperation({ summary: 'Enrol a customer as a member; the answer carries the member\'s referral code' })
  enrol(@TenantParam() tenant: string, @Acting() acting: CommandContext, @Body() request: EnrolmentDto) {
    return this.commands.execute(new EnrolMember(acting, request));
  }

  @Post('purchases')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a purchase; members earn points with their tier\'s multiplier' })
  purchase(@TenantParam() tenant: string, @Acting() acting: CommandContext, @Body() request: PurchaseDto) {
    return this.commands.execute(new RecordPurchase(acting, request));
  }

  @Post('quotes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Quote a basket before the sale: the offers and tier discount that apply (per line, with the offer that gives each), the total to pay, and the points it would earn, campaign by campaign; records nothing' })
  quote(@TenantParam() tenant: string, @Body() request: QuoteDto) {
    return this.queries.execute(new QuoteBasket(tenant, request));
  }

  @Post('returns')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a (partial) return; points earned on the goods are taken back' })
  recordReturn(@TenantParam() tenant: string, @Acting() acting: CommandContext, @Body() request: ReturnDto) {
    return this.commands.execute(new RecordReturn(acting, request));
  }

  @Post('redemptions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Redeem a reward for points; 409 when the points are short' })
  redeem(@TenantParam() tenant: string, @Acting() acting: CommandContext, @Body() request: RedemptionDto) {
    return this.commands.execute(new RedeemReward(acting, request));
  }

  @Post('redemptions/:redemptionId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a redemption; its points come back once' })
  cancel(@TenantParam() tenant: string, @Caller() caller: Principal, @Acting() acting: CommandContext, @IdParam('redemptionId') redemptionId: string) {
    return this.commands.execute(new CancelRedemption(acting, redemptionId, caller.stores));
  }

  @Post('feedback')
  @HttpCode(201)
  @ApiOperation({ summary: 'Submit feedback (NPS, CSAT, comment); a receipt earns the feedback bonus once' })
  feedback(@TenantParam() tenant: string, @Acting() acting: CommandContext, @Body() request: FeedbackDto) {
    return this.commands.execute(new SubmitFeedback(acting, request));
  }

  @Put('members/:customerId/card')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Replace a member\'s card (a lost card): the new number finds the member at a till, the old one no one. ' +
      '409 when the number is another member\'s; the same number again changes nothing. Answers the member\'s summary',
  })
  replaceCard(@TenantParam() tenant: string, @Acting() acting: CommandContext, @IdParam('customerId') customerId: string, @Body() request: CardDto) {
    return this.commands.execute(new ReplaceMemberCard(acting, customerId, request));
  }
}

/**
 * What a till reads before a sale: the member a card finds, and their summary. A pos key reads
 * members of every store (a member shops anywhere), and nothing else of theirs.
 */
@ApiTags('till')
@ApiBearerAuth()
@Allow('pos', 'admin', 'auditor')
@Controller('v1/tenants/:tenant/cards')
export class CardsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':cardNumber')
  @ApiOperation({
    summary:
      'The member a card finds, with their stage, tier, spendable points and the rewards those pay for now (the till\'s summary). ' +
      '404 when no member has the card: never given, replaced, or the member was forgotten',
  })
  @ApiParam({ name: 'cardNumber', description: 'The card number as printed (spaces and dashes do not matter), URL-encoded', example: '6001 0001' })
  findByCard(@TenantParam() tenant: string, @CardNumberParam() cardNumber: string) {
    return this.queries.execute(new FindMemberByCard(tenant, cardNumber));
  }
}

@ApiTags('customers')
@ApiBearerAuth()
@Allow('admin', 'auditor')
@Controller('v1/tenants/:tenant/customers')
export class CustomersController {
  constructor(private readonly queries: QueryBus, private readonly commands: CommandBus) {}

  @Get(':customerId')
  @ApiOperation({ summary: 'A customer\'s stage, balance, tier and totals, from their ledger' })
  get(@TenantParam() tenant: string, @IdParam('customerId') customerId: string) {
    return this.queries.execute(new GetCustomer(tenant, customerId));
  }

  @Get(':customerId/lots')
  @ApiOperation({ summary: 'The customer\'s lots of points: each earn with its expiry, what redemptions (which), returns and expiry took, and what is left' })
  lots(@TenantParam() tenant: string, @IdParam('customerId') customerId: string) {
    return this.queries.execute(new GetLots(tenant, customerId));
  }

  @Get(':customerId/summary')
  @Allow('pos', 'admin', 'auditor')
  @ApiOperation({ summary: 'The till\'s summary of a customer: stage, tier, spendable points and the rewards those pay for now, their vouchers and the offers they may use now' })
  summary(@TenantParam() tenant: string, @IdParam('customerId') customerId: string) {
    return this.queries.execute(new GetTillSummary(tenant, customerId));
  }

  @Get(':customerId/offers')
  @Allow('pos', 'admin', 'auditor')
  @ApiOperation({ summary: 'The member-only offers the member may use now (their tier, segment, today\'s window, uses left); none for a customer who has not enrolled' })
  offers(@TenantParam() tenant: string, @IdParam('customerId') customerId: string) {
    return this.queries.execute(new GetMemberOffers(tenant, customerId));
  }

  @Get(':customerId/balance')
  @ApiOperation({ summary: 'The balance and tier as of an instant, from the ledger (events that happened by then)' })
  @ApiQuery({ name: 'asOf', required: true, description: 'ISO 8601 date-time with offset', schema: { type: 'string', format: 'date-time', pattern: INSTANT_PATTERN.source } })
  balance(@TenantParam() tenant: string, @IdParam('customerId') customerId: string, @QueryString('asOf') asOf?: string) {
    return this.queries.execute(new GetBalanceAsOf(tenant, customerId, instantParam('asOf', asOf)));
  }

  @Get(':customerId/ledger')
  @ApiOperation({ summary: 'The customer\'s events in order' })
  @ApiQuery({ name: 'fromRevision', required: false, schema: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 500 } })
  ledger(
    @TenantParam() tenant: string,
    @IdParam('customerId') customerId: string,
    @QueryString('fromRevision') fromRevision?: string,
    @QueryString('limit') limit?: string,
  ) {
    return this.queries.execute(
      new GetLedger(tenant, customerId, pageNumber('fromRevision', fromRevision, 0, 0, Number.MAX_SAFE_INTEGER), pageNumber('limit', limit, 500, 1, 1000)),
    );
  }

  @Delete(':customerId/personal-data')
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({
    summary:
      'Forget a customer: destroy the key of their card number, birthday and comments, and record the erasure in their ledger. ' +
      'Points, tiers and dashboards stay; the ledger still replays and verifies. Safe to repeat.',
  })
  erasePersonalData(@TenantParam() tenant: string, @Acting() acting: CommandContext, @IdParam('customerId') customerId: string) {
    return this.commands.execute(new ErasePersonalData(acting, customerId));
  }
}
