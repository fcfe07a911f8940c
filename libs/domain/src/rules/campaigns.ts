import { hash } from 'node:crypto';
import type { PointsEarned, PointsReversed, PurchaseLine, ReturnRecorded } from '../customer.events';
import type { ReceiptState } from '../customer.state';
import { OCCURRED_AT_SCHEMA, PROGRAM_REVISION_SCHEMA } from '../customer.events';
import { CampaignNotFound } from '../errors';
import { instantOf } from '../instant';
import type { JsonSchema } from '../json-schema';
import { arrayOf, countSchema, dateTimeSchema, idSchema, integerSchema, moneySchema, objectOf, textSchema } from '../json-schema';
import { localDate } from '../local-time';
import type { Program, ProgramCore } from '../program';
import { findStore, isNonNegativeInteger } from '../program';
import { PersistentMap } from '../persistent-map';
import type { PaidOfKept } from '../returned-goods';
import { takenOfRefunded, unitsAfter } from '../returned-goods';
import type { CampaignEffect } from './campaign-effects';
import { EFFECT_SCHEMA, effectPicks, effectPoints, validateEffect } from './campaign-effects';
import { linesAmount } from './campaign-effects/effect';
import { pointsToReverse } from './earn-rate';
import { isToEnd, managedSchema, repeatsCreation, withCreated, withEnded } from './managed-entities';
import type { Managed } from './managed-entities';
import type { CustomerView, Rule } from './rule';
import { inSegment } from './segments';
import { multiplierOf, qualifyingSpendOf } from './tiers';

/**
 * Campaigns: time-boxed rules that give members more points (Lebaran, Christmas, New Year). Each is
 * created and ended on its own (program events of this rule), and applies to a member's purchase
 * when the purchase's local date, in its store's time zone, is within the campaign's window, at
 * one of its stores, by a member of one of its tiers, spending at least its minimum, and the member
 * is not in its holdout. What it gives is its effect (campaign-effects/), then capped by what the
 * member may still get from it and what its budget has left.
 *
 * Stacking: the campaigns that apply are taken by priority, highest first (at one priority an
 * exclusive one first, then by id); their points add up, but an exclusive campaign is the last
 * one taken: it wins over every campaign of its priority or lower.
 *
 * Budget: the points a campaign gives in all never exceed its budget. The budget is shared by
 * every till of the chain, so it is not read from the customer's ledger: the purchase command
 * carries the points the write side holds of it for this purchase (`budgets`), and the rule gives
 * at most those; when they fall short, the campaign is exhausted for the purchase
 * (CampaignBudgetExhausted), which still earns everything else. A return takes back the campaign's
 * points with the earn rate's cumulative rounding, and the write side gives them back to the budget:
 * by the share of the receipt's amount it returns, or, for a return by lines and an effect that
 * counts lines (a sku's or a category's multiplier), by the share of those lines' value that came
 * back, so returning other goods takes none of them back.
 */

export interface Campaign {
  campaignId: string;
  name: string;
  /** The first and last local dates of the window (YYYY-MM-DD), judged in each store's time zone. */
  from: string;
  to: string;
  /** The stores it runs in; absent: every store. */
  stores?: string[];
  /** The tiers of the members it is for (the tier held before the purchase); absent: every member. */
  tiers?: string[];
  /** A segment (POST …/segments) the member must be in at the purchase, as their ledger stood before it. */
  segment?: string;
  effect: CampaignEffect;
  /** The smallest receipt total it applies to. */
  minSpend?: number;
  /** The points it may give in all. */
  budget?: { points: number };
  /** The points it may give one member. */
  perMember?: { points: number };
  /** The share of eligible members kept out of it (the same members always), to measure its uplift. */
  holdoutPercent?: number;
  /** Wins over campaigns of its priority or lower: they do not apply with it. */
  exclusive?: boolean;
  /** Higher first; 0 when absent. */
  priority?: number;
}

/** A campaign in the program: as created, when, and when it was ended if it was. */
export type ProgramCampaign = Managed<Campaign>;

export type CreateCampaign = { type: 'CreateCampaign'; data: { campaign: Campaign; now: string } };
export type EndCampaign = { type: 'EndCampaign'; data: { campaignId: string; now: string } };

export type CampaignCreated = { type: 'CampaignCreated'; data: { campaign: Campaign; createdAt: string } };
/** Purchases from `endedAt` on no longer get the campaign, even within its window. */
export type CampaignEnded = { type: 'CampaignEnded'; data: { campaignId: string; endedAt: string } };

/** A campaign's budget fell short of what it would have given a purchase: it gave `points` of `wanted`. */
export type CampaignBudgetExhausted = {
  type: 'CampaignBudgetExhausted';
  data: { campaignId: string; receiptId: string; storeId: string; wanted: number; points: number; occurredAt: string; programRevision: number };
};

/**
 * A member eligible for a campaign was kept out of it by its holdout on a purchase: what measures
 * the campaign's uplift (the spend of members kept out against that of members in it).
 */
export type CampaignHeldOut = {
  type: 'CampaignHeldOut';
  data: { campaignId: string; receiptId: string; storeId: string; occurredAt: string; programRevision: number };
};

/** Points of each campaign on each receipt, and each campaign's points the member keeps (given less taken back). */
export interface CampaignPoints {
  /** By `<campaignId> <receiptId>`: points given, and taken back by returns. */
  earned: PersistentMap<string, number>;
  reversed: PersistentMap<string, number>;
  /** By receipt: the campaigns that gave it points, in the order they did. */
  receipts: PersistentMap<string, readonly string[]>;
  /** By campaign: the points the member keeps from it (what perMember caps). */
  kept: PersistentMap<string, number>;
}

type CampaignsTypes = {
  name: 'campaigns';
  settings: ProgramCampaign[];
  optional: true;
  slice: CampaignPoints;
  events: CampaignBudgetExhausted | CampaignHeldOut;
  reasons: 'campaign';
  programCommands: CreateCampaign | EndCampaign;
  programEvents: CampaignCreated | CampaignEnded;
};

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
export const dateSchema = (description: string): JsonSchema => ({ type: 'string', pattern: DATE_PATTERN, description });
/** A real calendar day: the pattern, and a day the calendar has (not 0000-00-00 or 2026-02-30). */
export const isDate = (date: string) => {
  if (!new RegExp(DATE_PATTERN).test(date)) return false;
  const day = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === date;
};

/** A campaign as a request creates it: the body of POST …/campaigns, and what CampaignCreated records. */
export const CAMPAIGN_SCHEMA: JsonSchema = objectOf<Campaign>(
  'A campaign',
  {
    campaignId: idSchema('The campaign, unique within the tenant'),
    name: textSchema('What the loyalty team calls it', 200),
    from: dateSchema('First day of the window, a local date (YYYY-MM-DD) judged in each store\'s time zone'),
    to: dateSchema('Last day of the window (included), a local date'),
    stores: arrayOf('The stores it runs in; absent: every store', idSchema('A store of the program'), { minItems: 1, maxItems: 10_000 }),
    tiers: arrayOf('The tiers of the members it is for (the tier held before the purchase); absent: every member', textSchema('A tier of the program'), { minItems: 1, maxItems: 100 }),
    segment: idSchema('A segment the member must be in at the purchase (defined with POST …/segments)'),
    effect: EFFECT_SCHEMA,
    minSpend: moneySchema('Smallest receipt total it applies to (integer minor units)'),
    budget: objectOf<{ points: number }>('The points it may give in all', { points: integerSchema('Points', 0, Number.MAX_SAFE_INTEGER) }),
    perMember: objectOf<{ points: number }>('The points it may give one member', { points: integerSchema('Points', 0, Number.MAX_SAFE_INTEGER) }),
    holdoutPercent: integerSchema('Percentage of eligible members kept out of it, always the same members, to measure its uplift', 0, 100),
    exclusive: { type: 'boolean', description: 'Wins over the campaigns of its priority or lower: they do not apply with it' },
    priority: integerSchema('Campaigns are taken highest priority first; 0 when absent', -1_000_000, 1_000_000),
  },
  ['stores', 'tiers', 'segment', 'minSpend', 'budget', 'perMember', 'holdoutPercent', 'exclusive', 'priority'],
);

/** The checks beyond the schema; `fail` names the field of the campaign at fault. */
export function validateCampaign(campaign: Campaign, program: ProgramCore & { tiers: Array<{ name: string }>; segments?: Array<{ segmentId: string }> }, fail: (field: string, problem: string) => never): void {
  if (!isDate(campaign.from)) fail('from', 'must be a date YYYY-MM-DD');
  if (!isDate(campaign.to)) fail('to', 'must be a date YYYY-MM-DD');
  if (campaign.to < campaign.from) fail('to', `the window is empty: ${campaign.to} is before ${campaign.from}`);
  const seenStores = new Set<string>();
  campaign.stores?.forEach((storeId, i) => {
    if (!findStore(program, storeId)) fail(`stores[${i}]`, `store ${storeId} is not in the program`);
    if (seenStores.has(storeId)) fail(`stores[${i}]`, `store ${storeId} appears twice`);
    seenStores.add(storeId);
  });
  const seenTiers = new Set<string>();
  campaign.tiers?.forEach((tier, i) => {
    if (!program.tiers.some((known) => known.name === tier)) fail(`tiers[${i}]`, `tier ${tier} is not in the program`);
    if (seenTiers.has(tier)) fail(`tiers[${i}]`, `tier ${tier} appears twice`);
    seenTiers.add(tier);
  });
  if (campaign.segment !== undefined && !(program.segments ?? []).some((segment) => segment.segmentId === campaign.segment)) {
    fail('segment', `segment ${campaign.segment} is not defined`);
  }
  validateEffect(campaign.effect, fail);
  if (campaign.minSpend !== undefined && !isNonNegativeInteger(campaign.minSpend)) fail('minSpend', 'must be a whole amount, not negative');
  if (campaign.budget && !isNonNegativeInteger(campaign.budget.points)) fail('budget.points', 'must be a whole number of points, not negative');
  if (campaign.perMember && !isNonNegativeInteger(campaign.perMember.points)) fail('perMember.points', 'must be a whole number of points, not negative');
  if (campaign.holdoutPercent !== undefined && !(Number.isInteger(campaign.holdoutPercent) && campaign.holdoutPercent >= 0 && campaign.holdoutPercent <= 100)) {
    fail('holdoutPercent', 'must be a whole percentage from 0 to 100');
  }
  if (campaign.priority !== undefined && !Number.isSafeInteger(campaign.priority)) fail('priority', 'must be a whole number');
}

/**
 * Whether a member is in the campaign's holdout: a stable draw from the campaign and the member
 * (the first 32 bits of SHA-256 of both, out of 100), so the same member is always in or out, and
 * members kept out of one campaign are not those kept out of another.
 */
export function inHoldout(campaign: Pick<Campaign, 'campaignId' | 'holdoutPercent'>, customerId: string): boolean {
  if (!campaign.holdoutPercent) return false;
  const draw = Number.parseInt(hash('sha256', `${campaign.campaignId}\u0000${customerId}`, 'hex').slice(0, 8), 16) % 100;
  return draw < campaign.holdoutPercent;
}

/** Whether the campaign runs for a purchase at `storeId` at `occurredAt`: the store's local date in the window, before it ended. */
export function runsAt(campaign: ProgramCampaign, storeId: string, occurredAt: string, program: ProgramCore): boolean {
  if (campaign.endedAt !== undefined && instantOf(occurredAt) >= instantOf(campaign.endedAt)) return false;
  if (campaign.stores && !campaign.stores.includes(storeId)) return false;
  const day = localDate(occurredAt, findStore(program, storeId)?.timeZone ?? program.timeZone);
  return day >= campaign.from && day <= campaign.to;
}

/** The campaigns that apply, in the order they are taken: by priority, an exclusive one first, then by id; none after an exclusive one. */
export function stacked<C extends Pick<Campaign, 'campaignId' | 'exclusive' | 'priority'>>(campaigns: readonly C[]): C[] {
  const ordered = [...campaigns].sort(
    (a, b) => (b.priority ?? 0) - (a.priority ?? 0) || Number(!!b.exclusive) - Number(!!a.exclusive) || (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0),
  );
  const exclusive = ordered.findIndex((campaign) => campaign.exclusive);
  return exclusive < 0 ? ordered : ordered.slice(0, exclusive + 1);
}

/** Whether the customer is in the program's segment of that id at the moment (in none that is not defined). */
function inNamedSegment(segmentId: string, customer: CustomerView, at: string, program: Program): boolean {
  const segment = program.segments?.find((known) => known.segmentId === segmentId);
  return segment !== undefined && inSegment(segment, customer, at, program);
}

/**
 * Points to take back of a campaign that counted lines, once goods of the receipt came back by
 * lines (this return's or an earlier one's). The goods kept keep their part of its E points: after
 * returns by lines of R of the value V of the lines it counted, E − floor(E × R / V) (the earn
 * rate's cumulative rounding, on those lines' shelf value, at most the receipt's total), less the
 * floored share of that which returns by amount only refunded of what the goods kept cost
 * (return-refund.ts). What earlier returns took back counts against what this one takes.
 */
function pointsOfGoods(
  receipt: ReceiptState,
  goodsBack: ReturnRecorded['data'],
  picks: (line: PurchaseLine) => boolean,
  pointsEarned: number,
  pointsReversed: number,
  paid: PaidOfKept | undefined,
): number {
  const value = linesAmount(receipt, picks);
  if (value === 0) return 0;
  const returned = unitsAfter(receipt, goodsBack.lines ?? []);
  const back = Math.min(value, linesAmount({ lines: receipt.lines.map((line, i) => ({ ...line, quantity: returned[i] })), total: receipt.total }, picks));
  const byGoods = pointsEarned - pointsToReverse({ total: value, returned: 0, pointsEarned, pointsReversed: 0 }, back);
  const kept = byGoods - takenOfRefunded(byGoods, paid);
  return Math.max(0, pointsEarned - pointsReversed - kept);
}

const key = (campaignId: string, receiptId: string) => `${campaignId} ${receiptId}`;
const plus = (points: PersistentMap<string, number>, at: string, more: number) => points.with(at, (points.get(at) ?? 0) + more);

export const campaigns: Rule<CampaignsTypes> = {
  name: 'campaigns',
  description: 'Campaigns: time-boxed extra points in local date windows, with budgets, caps per member and holdouts (each created with POST …/campaigns)',
  optional: true,
  settings: {
    example: [
      {
        campaignId: 'lebaran-2026',
        name: 'Lebaran double points',
        from: '2026-03-15',
        to: '2026-03-22',
        effect: { multiplier: 2 },
        budget: { points: 1_000_000 },
        perMember: { points: 500 },
        createdAt: '2026-03-01T00:00:00.000Z',
      },
    ],
    schema: managedSchema('The program\'s campaigns, each as created and ended', CAMPAIGN_SCHEMA),
  },
  reasons: ['campaign'],
  program: {
    events: {
      CampaignCreated: {
        description: 'A campaign was added to the program: decisions from this program revision on apply it within its window.',
        fields: { campaign: CAMPAIGN_SCHEMA, createdAt: dateTimeSchema('When it was created (RFC 3339).') },
      },
      CampaignEnded: {
        description: 'A campaign was ended before its window closed: purchases from endedAt on no longer get it.',
        fields: { campaignId: idSchema('The campaign.'), endedAt: dateTimeSchema('When it was ended (RFC 3339).') },
      },
    },
    decide: {
      CreateCampaign({ data: { campaign, now } }, settings, program, fail) {
        if (repeatsCreation(settings, campaign, 'campaignId')) return [];
        validateCampaign(campaign, program as ProgramCore & { tiers: Array<{ name: string }> }, fail);
        return [{ type: 'CampaignCreated', data: { campaign, createdAt: now } }];
      },
      EndCampaign({ data: { campaignId, now } }, settings) {
        return isToEnd(settings, 'campaignId', campaignId, () => new CampaignNotFound(campaignId)) ? [{ type: 'CampaignEnded', data: { campaignId, endedAt: now } }] : [];
      },
    },
    evolve: {
      CampaignCreated: (settings, { data }) => withCreated(settings, data.campaign, data.createdAt),
      CampaignEnded: (settings, { data }) => withEnded(settings, 'campaignId', data.campaignId, data.endedAt),
    },
  },
  events: {
    CampaignHeldOut: {
      description: 'A member eligible for a campaign was kept out of it by its holdout on this purchase, to measure its uplift.',
      fields: {
        campaignId: idSchema('The campaign.'),
        receiptId: idSchema('The purchase.'),
        storeId: idSchema('The store of the purchase.'),
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
    CampaignBudgetExhausted: {
      description: 'A campaign\'s budget fell short of what it would have given a purchase: it gave points of wanted (0: nothing). The purchase earned everything else.',
      fields: {
        campaignId: idSchema('The campaign.'),
        receiptId: idSchema('The purchase.'),
        storeId: idSchema('The store of the purchase.'),
        wanted: countSchema('Points the campaign would have given the purchase, after the member\'s cap.'),
        points: countSchema('Points its budget had left for it.'),
        occurredAt: OCCURRED_AT_SCHEMA,
        programRevision: PROGRAM_REVISION_SCHEMA,
      },
    },
  },
  slice: {
    initial: () => ({ earned: PersistentMap.empty(), reversed: PersistentMap.empty(), receipts: PersistentMap.empty(), kept: PersistentMap.empty() }),
    evolve: {
      PointsEarned: (slice, { data }) => {
        if (data.reason !== 'campaign' || data.campaignId === undefined || data.receiptId === undefined) return slice;
        return {
          earned: plus(slice.earned, key(data.campaignId, data.receiptId), data.points),
          reversed: slice.reversed,
          receipts: slice.receipts.with(data.receiptId, [...(slice.receipts.get(data.receiptId) ?? []), data.campaignId]),
          kept: plus(slice.kept, data.campaignId, data.points),
        };
      },
      PointsReversed: (slice, { data }) => {
        if (data.campaignId === undefined) return slice;
        return {
          earned: slice.earned,
          reversed: plus(slice.reversed, key(data.campaignId, data.receiptId), data.points),
          receipts: slice.receipts,
          kept: plus(slice.kept, data.campaignId, -data.points),
        };
      },
    },
  },
  on: {
    purchase({ purchase, budgets, customer, slice, settings, program }) {
      if (!customer.member || customer.tier === null) return [];
      const customerId = customer.member.customerId;
      const tier = customer.tier;
      const eligible = settings.filter(
        (campaign) =>
          runsAt(campaign, purchase.storeId, purchase.occurredAt, program.rules) &&
          (!campaign.tiers || campaign.tiers.includes(tier)) &&
          (campaign.segment === undefined || inNamedSegment(campaign.segment, customer, purchase.occurredAt, program.rules)) &&
          purchase.total >= (campaign.minSpend ?? 0),
      );
      if (eligible.length === 0) return [];
      const { receiptId, storeId, occurredAt } = purchase;
      const events: Array<PointsEarned<'campaign'> | CampaignBudgetExhausted | CampaignHeldOut> = [];
      const applying: ProgramCampaign[] = [];
      for (const campaign of eligible) {
        if (!inHoldout(campaign, customerId)) applying.push(campaign);
        else events.push({ type: 'CampaignHeldOut', data: { campaignId: campaign.campaignId, receiptId, storeId, occurredAt, programRevision: program.revision } });
      }
      if (applying.length === 0) return events;
      const on = {
        purchase,
        spendPerPoint: program.rules.earn.spendPerPoint,
        tierMultiplier: multiplierOf(program.rules.tiers, tier, () => qualifyingSpendOf(customer, purchase.occurredAt)),
      };
      for (const campaign of stacked(applying)) {
        const { campaignId } = campaign;
        let wanted = effectPoints(campaign.effect, on);
        if (campaign.perMember) wanted = Math.max(0, Math.min(wanted, campaign.perMember.points - (slice.kept.get(campaignId) ?? 0)));
        const points = campaign.budget ? Math.min(wanted, budgets[campaignId] ?? 0) : wanted;
        if (points > 0) events.push({ type: 'PointsEarned', data: { reason: 'campaign', points, campaignId, receiptId, storeId, occurredAt, programRevision: program.revision } });
        if (points < wanted) events.push({ type: 'CampaignBudgetExhausted', data: { campaignId, receiptId, storeId, wanted, points, occurredAt, programRevision: program.revision } });
      }
      return events;
    },
    return({ goodsBack, receipt, paid, slice, settings }): PointsReversed[] {
      const events: PointsReversed[] = [];
      const { returnId, receiptId, storeId, occurredAt } = goodsBack;
      const goodsCameBack = goodsBack.lines !== undefined || receipt.returnedUnits !== undefined;
      for (const campaignId of slice.receipts.get(receiptId) ?? []) {
        const at = key(campaignId, receiptId);
        const pointsEarned = slice.earned.get(at) ?? 0;
        const pointsReversed = slice.reversed.get(at) ?? 0;
        const effect = settings.find((campaign) => campaign.campaignId === campaignId)?.effect;
        const picks = goodsCameBack && effect && effectPicks(effect);
        const points = picks
          ? pointsOfGoods(receipt, goodsBack, picks, pointsEarned, pointsReversed, paid)
          : pointsToReverse({ total: receipt.total, returned: receipt.returned, pointsEarned, pointsReversed }, goodsBack.amount);
        if (points > 0) events.push({ type: 'PointsReversed', data: { returnId, receiptId, storeId, points, reason: 'campaign', campaignId, occurredAt } });
      }
      return events;
    },
  },
};

/** The points each campaign gave in a decision's events: what its budget gave the purchase. */
export function campaignPointsOf(events: ReadonlyArray<{ type: string; data: unknown }>): Map<string, number> {
  const given = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'PointsEarned') continue;
    const data = event.data as PointsEarned['data'];
    if (data.reason === 'campaign' && data.campaignId !== undefined) given.set(data.campaignId, (given.get(data.campaignId) ?? 0) + data.points);
  }
  return given;
}
