import type { HealthController } from '@setia/platform';
import type { AccessController } from '../access/access.controller';
import type { CallerController } from '../access/caller.controller';
import type { ClockController } from '../access/clock.controller';
import type { CampaignsController } from '../campaigns/campaigns.controller';
import type { CardsController, CustomersController, TillController } from '../customers/customers.controller';
import type { FeedbackCommentsController } from '../customers/feedback-comments';
import type { PartnersController } from '../customers/partners';
import type { VouchersController } from '../customers/vouchers';
import type { MemberController } from '../member/member.controller';
import type { OffersController } from '../offers/offers.controller';
import type { ProgramRevisionsController } from '../program/program-revisions';
import type { ProgramController } from '../program/program.controller';
import type { ActiveCustomersController } from '../read-models/active-customers';
import type { PurchaseCountsController } from '../read-models/purchase-counts';
import type { CustomerListController, DashboardsController } from '../read-models/read-models.controller';
import type { SegmentsController } from '../segments/segments.controller';

// What a controller's method answers: the body of its success response.
type AnswerOf<Method> = Method extends (...args: never[]) => infer Result ? Awaited<Result> : never;

/**
 * Every operation's answer by its OpenAPI operation id, taken from the controller method that
 * serves it: the OpenAPI document's success bodies are generated from these types (npm run
 * answers writes answers.schema.json), so an answer and its document cannot drift apart.
 */
export interface Answers {
  AccessController_createTenant: AnswerOf<AccessController['createTenant']>;
  AccessController_createKey: AnswerOf<AccessController['createKey']>;
  AccessController_listKeys: AnswerOf<AccessController['listKeys']>;
  AccessController_revokeKey: AnswerOf<AccessController['revokeKey']>;
  ClockController_get: AnswerOf<ClockController['get']>;
  ClockController_move: AnswerOf<ClockController['move']>;
  CallerController_caller: AnswerOf<CallerController['caller']>;
  ProgramController_configure: AnswerOf<ProgramController['configure']>;
  ProgramController_get: AnswerOf<ProgramController['get']>;
  ProgramRevisionsController_revisions: AnswerOf<ProgramRevisionsController['revisions']>;
  TillController_enrol: AnswerOf<TillController['enrol']>;
  TillController_purchase: AnswerOf<TillController['purchase']>;
  TillController_recordReturn: AnswerOf<TillController['recordReturn']>;
  TillController_redeem: AnswerOf<TillController['redeem']>;
  TillController_cancel: AnswerOf<TillController['cancel']>;
  TillController_feedback: AnswerOf<TillController['feedback']>;
  TillController_replaceCard: AnswerOf<TillController['replaceCard']>;
  TillController_quote: AnswerOf<TillController['quote']>;
  CampaignsController_create: AnswerOf<CampaignsController['create']>;
  CampaignsController_list: AnswerOf<CampaignsController['list']>;
  CampaignsController_get: AnswerOf<CampaignsController['get']>;
  CampaignsController_end: AnswerOf<CampaignsController['end']>;
  OffersController_create: AnswerOf<OffersController['create']>;
  OffersController_list: AnswerOf<OffersController['list']>;
  OffersController_get: AnswerOf<OffersController['get']>;
  OffersController_end: AnswerOf<OffersController['end']>;
  SegmentsController_define: AnswerOf<SegmentsController['define']>;
  SegmentsController_list: AnswerOf<SegmentsController['list']>;
  SegmentsController_get: AnswerOf<SegmentsController['get']>;
  MemberController_profile: AnswerOf<MemberController['profile']>;
  MemberController_history: AnswerOf<MemberController['history']>;
  MemberController_rewards: AnswerOf<MemberController['rewards']>;
  MemberController_redeem: AnswerOf<MemberController['redeem']>;
  MemberController_feedback: AnswerOf<MemberController['feedback']>;
  MemberController_erase: AnswerOf<MemberController['erase']>;
  MemberController_wallet: AnswerOf<MemberController['wallet']>;
  MemberController_offers: AnswerOf<MemberController['offers']>;
  MemberController_stampCards: AnswerOf<MemberController['stampCards']>;
  VouchersController_use: AnswerOf<VouchersController['use']>;
  VouchersController_cancelUse: AnswerOf<VouchersController['cancelUse']>;
  VouchersController_wallet: AnswerOf<VouchersController['wallet']>;
  VouchersController_stampCards: AnswerOf<VouchersController['stampCards']>;
  PartnersController_addCodes: AnswerOf<PartnersController['addCodes']>;
  CardsController_findByCard: AnswerOf<CardsController['findByCard']>;
  CustomerListController_list: AnswerOf<CustomerListController['list']>;
  CustomerListController_profile: AnswerOf<CustomerListController['profile']>;
  CustomersController_get: AnswerOf<CustomersController['get']>;
  CustomersController_lots: AnswerOf<CustomersController['lots']>;
  CustomersController_summary: AnswerOf<CustomersController['summary']>;
  CustomersController_offers: AnswerOf<CustomersController['offers']>;
  CustomersController_balance: AnswerOf<CustomersController['balance']>;
  CustomersController_ledger: AnswerOf<CustomersController['ledger']>;
  CustomersController_erasePersonalData: AnswerOf<CustomersController['erasePersonalData']>;
  DashboardsController_tiers: AnswerOf<DashboardsController['tiers']>;
  DashboardsController_storeDaily: AnswerOf<DashboardsController['storeDaily']>;
  DashboardsController_cohorts: AnswerOf<DashboardsController['cohorts']>;
  DashboardsController_funnel: AnswerOf<DashboardsController['funnel']>;
  DashboardsController_purchaseFrequency: AnswerOf<DashboardsController['purchaseFrequency']>;
  DashboardsController_feedback: AnswerOf<DashboardsController['feedback']>;
  DashboardsController_referrals: AnswerOf<DashboardsController['referrals']>;
  DashboardsController_pointsLiability: AnswerOf<DashboardsController['pointsLiability']>;
  DashboardsController_campaigns: AnswerOf<DashboardsController['campaigns']>;
  DashboardsController_offers: AnswerOf<DashboardsController['offers']>;
  DashboardsController_vouchers: AnswerOf<DashboardsController['vouchers']>;
  DashboardsController_partnerSettlement: AnswerOf<DashboardsController['partnerSettlement']>;
  ActiveCustomersController_activeCustomers: AnswerOf<ActiveCustomersController['activeCustomers']>;
  PurchaseCountsController_purchaseCounts: AnswerOf<PurchaseCountsController['purchaseCounts']>;
  FeedbackCommentsController_comments: AnswerOf<FeedbackCommentsController['comments']>;
  HealthController_health: AnswerOf<HealthController['health']>;
  HealthController_ready: AnswerOf<HealthController['ready']>;
}
