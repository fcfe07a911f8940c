import { IdAlreadyUsed, InvalidProgram } from '../errors';
import { foldCustomer } from '../customer.state';
import type { ProgramEvent } from '../program.events';
import { customerSpec, programSpec } from '../testing/decider-spec';
import { campaign, campaignEarned, earned, enrolled, purchase, purchased, sampleProgram, withCampaigns } from '../testing/fixtures';
import type { Segment } from './segments';
import { inSegment } from './segments';

const configured: ProgramEvent = { type: 'ProgramConfigured', data: { program: sampleProgram(), configuredAt: '2026-05-01T00:00:00.000Z' } };
const lapsed: Segment = { segmentId: 'lapsed', name: 'Not seen for 60 days', lastPurchaseBeforeDays: 60 };
const define = (segment: Segment) => ({ type: 'DefineSegment' as const, data: { segment, now: '2026-05-02T00:00:00.000Z' } });
const defined = (segment: Segment): ProgramEvent => ({ type: 'SegmentDefined', data: { segment, definedAt: '2026-05-02T00:00:00.000Z' } });
const AT = '2026-06-15T09:00:00.000Z';
const program = sampleProgram();

describe('segments in the program\'s stream', () => {
  it('a segment is defined once: the same again records nothing, another with its id is refused', () => {
    programSpec.given([configured]).when(define(lapsed)).then([defined(lapsed)]);
    programSpec.given([configured, defined(lapsed)]).when(define(lapsed)).thenNothing();
    programSpec.given([configured, defined(lapsed)]).when(define({ ...lapsed, lastPurchaseBeforeDays: 30 })).thenThrows(IdAlreadyUsed, { field: 'segmentId' });
  });

  it.each([
    ['an unknown tier', { tiers: ['Platinum'] }, 'tiers[0]'],
    ['an unknown home store', { homeStores: ['sby-9'] }, 'homeStores[0]'],
    ['a maximum below the minimum', { purchaseCount: { min: 5, max: 2 } }, 'purchaseCount.max'],
  ] as Array<[string, Partial<Segment>, string]>)('refuses %s, naming %s', (_what, change, field) => {
    programSpec.given([configured]).when(define({ ...lapsed, ...change })).thenThrows(InvalidProgram, { field });
  });

  it('a campaign may target only a segment defined', () => {
    const create = { type: 'CreateCampaign' as const, data: { campaign: campaign({ segment: 'lapsed' }), now: '2026-05-03T00:00:00.000Z' } };
    programSpec.given([configured]).when(create).thenThrows(InvalidProgram, { field: 'segment' });
    programSpec.given([configured, defined(lapsed)]).when(create).then([{ type: 'CampaignCreated', data: { campaign: campaign({ segment: 'lapsed' }), createdAt: '2026-05-03T00:00:00.000Z' } }]);
  });
});

describe('who is in a segment, judged from their own ledger at the moment', () => {
  const bought = (occurredAt: string, receiptId = 'r-0') => purchased({ receiptId, occurredAt });

  it('by how long since the last purchase: active within N days, lapsed beyond N days (or never)', () => {
    const recent = foldCustomer([enrolled(), bought('2026-06-01T00:00:00.000Z')]);
    const old = foldCustomer([enrolled(), bought('2026-03-01T00:00:00.000Z')]);
    const never = foldCustomer([enrolled()]);
    const active: Segment = { segmentId: 'active', name: 'Active', lastPurchaseWithinDays: 30 };
    expect([recent, old, never].map((c) => inSegment(active, c, AT, program))).toEqual([true, false, false]);
    expect([recent, old, never].map((c) => inSegment(lapsed, c, AT, program))).toEqual([false, true, true]);
    // 60 days exactly is not beyond 60 days.
    expect(inSegment(lapsed, foldCustomer([enrolled(), bought('2026-04-16T09:00:00.000Z')]), AT, program)).toBe(false);
    expect(inSegment(lapsed, foldCustomer([enrolled(), bought('2026-04-16T08:59:59.000Z')]), AT, program)).toBe(true);
  });

  it('by stage, tier, home store and number of purchases', () => {
    const buyer = foldCustomer([bought('2026-06-01T00:00:00.000Z')]);
    const member = foldCustomer([enrolled({ homeStoreId: 'mks-1', tier: 'Silver' }), bought('2026-06-01T00:00:00.000Z'), bought('2026-06-02T00:00:00.000Z', 'r-1')]);
    const silverAtMakassar: Segment = { segmentId: 's', name: 'Silver in Makassar', stages: ['member'], tiers: ['Silver'], homeStores: ['mks-1'], purchaseCount: { min: 2, max: 2 } };
    expect([buyer, member].map((c) => inSegment(silverAtMakassar, c, AT, program))).toEqual([false, true]);
    expect(inSegment({ ...silverAtMakassar, purchaseCount: { min: 3 } }, member, AT, program)).toBe(false);
    expect(inSegment({ segmentId: 'b', name: 'Buyers', stages: ['buyer'] }, buyer, AT, program)).toBe(true);
  });

  it('by birth month, in the member\'s local time: 1 June 00:30 in Makassar is June there, still May in UTC', () => {
    const juneBaby = foldCustomer([enrolled({ birthMonth: 6, homeStoreId: 'mks-1' })]);
    const birthMonth: Segment = { segmentId: 'bday', name: 'Birth month', inBirthMonth: true };
    expect(inSegment(birthMonth, juneBaby, '2026-05-31T16:30:00.000Z', program)).toBe(true);
    expect(inSegment(birthMonth, juneBaby, '2026-05-31T15:30:00.000Z', program)).toBe(false);
    expect(inSegment(birthMonth, foldCustomer([enrolled()]), AT, program)).toBe(false);
  });

  it('a campaign for a segment gives its points to a member in it at the purchase, and nothing to one outside it', () => {
    const version = withCampaigns([campaign({ segment: 'lapsed' })]);
    const targeted = { ...version, rules: { ...version.rules, segments: [{ ...lapsed, definedAt: '2026-05-02T00:00:00.000Z' }] } };
    customerSpec
      .given([enrolled(), bought('2026-03-01T00:00:00.000Z')])
      .when(purchase({ program: targeted }))
      .then([purchased(), earned({ points: 100 }), campaignEarned('june-double', 100)]);
    customerSpec.given([enrolled(), bought('2026-06-01T00:00:00.000Z')]).when(purchase({ program: targeted })).then([purchased(), earned({ points: 100 })]);
  });
});
