import type { CustomerCommand } from '../customer.commands';
import { decideAndEvolveCustomer } from '../customer.decider';
import { foldCustomer, initialCustomerState } from '../customer.state';
import { InvalidProgram } from '../errors';
import { EVERY_CUSTOMER_EVENT, purchased, sampleProgram } from '../testing/fixtures';
import { PROGRAM_EVENT_CONTRACTS } from '../program.events';
import { announcedDue, CUSTOMER_EVENT_TYPES, KEPT_RULE_NAMES, evolveRuleSlices, exampleRuleSettings, initialRuleSlices, nextDue, PROGRAM_SCHEMA, RULE_REASONS, RULES, validateProgram } from './registry';

describe('the registry of rules', () => {
  it('asks the earn rate first and the tier review last, after every point of a purchase', () => {
    expect(RULES[0].name).toBe('earn');
    expect(RULES[RULES.length - 1].name).toBe('tiers');
  });

  it('gives every reason of points earned, each of one rule', () => {
    expect(RULE_REASONS).toEqual(expect.arrayContaining(['purchase', 'referral', 'feedback']));
    expect(new Set(RULE_REASONS).size).toBe(RULE_REASONS.length);
  });

  it('knows every event type of a customer\'s stream: the ledger\'s and the rules\'', () => {
    expect([...CUSTOMER_EVENT_TYPES].sort()).toEqual(Object.keys(EVERY_CUSTOMER_EVENT).sort());
  });

  it('makes the program\'s schema of what rules share and each rule\'s settings, under the rule\'s name; a rule that may be left out is not required', () => {
    const core = ['currency', 'timeZone', 'stores'];
    expect(Object.keys(PROGRAM_SCHEMA.properties!)).toEqual([...core, 'pointValue', 'lateReceiptDays', ...RULES.filter((rule) => !rule.program).map((rule) => rule.name)]);
    expect(PROGRAM_SCHEMA.required).toEqual([...core, ...RULES.filter((rule) => !('optional' in rule && rule.optional)).map((rule) => rule.name)]);
    expect(PROGRAM_SCHEMA.required).toEqual(expect.arrayContaining(['earn', 'tiers', 'rewards', 'referral', 'feedback']));
    expect(PROGRAM_SCHEMA.additionalProperties).toBe(false);
  });

  it('leaves out of the program\'s schema the settings kept by a rule\'s own program events (segments, campaigns and offers, each defined on its own)', () => {
    expect(KEPT_RULE_NAMES).toEqual(['segments', 'campaigns', 'offers']);
    expect(PROGRAM_SCHEMA.properties!.offers).toBeUndefined();
    expect(PROGRAM_SCHEMA.properties!.campaigns).toBeUndefined();
    expect(PROGRAM_SCHEMA.properties!.segments).toBeUndefined();
    expect(Object.keys(PROGRAM_EVENT_CONTRACTS)).toEqual(['ProgramConfigured', 'SegmentDefined', 'CampaignCreated', 'CampaignEnded', 'OfferCreated', 'OfferEnded']);
  });

  it('refuses a program without the settings of a rule that every program has', () => {
    const { referral: _left, ...withoutReferral } = sampleProgram();
    expect(() => validateProgram(withoutReferral as never)).toThrow(InvalidProgram);
    expect(() => validateProgram(withoutReferral as never)).toThrow(expect.objectContaining({ field: 'referral', message: 'referral: the referral settings are required' }));
  });

  it('keeps each rule\'s slice apart, and leaves the slices as they were when an event concerns none', () => {
    const slices = initialRuleSlices();
    expect(Object.keys(slices)).toEqual(RULES.map((rule) => rule.name));
    expect(initialCustomerState().rules).toEqual(slices);
    expect(evolveRuleSlices(slices, purchased())).toBe(slices);
    const afterBonus = evolveRuleSlices(slices, EVERY_CUSTOMER_EVENT.ReferralQualified);
    expect(afterBonus).not.toBe(slices);
    expect(afterBonus.referral.qualified).toBe(true);
    expect(afterBonus.earn).toBe(slices.earn);
  });
});

describe('what the scheduler is told: the instants the rules announce for each event', () => {
  /** A little seeded random source (mulberry32), so a failure names the run that found it. */
  const seeded = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const version = {
    revision: 3,
    rules: sampleProgram({
      ...exampleRuleSettings(),
      pointsExpiry: { afterMonths: 2, noticeDays: 10 },
      tierReview: { holdMonths: 1 },
      rewards: [{ rewardId: 'coffee', points: 30 }],
    }),
  };
  const at = (instant: string | null) => (instant === null ? Infinity : Date.parse(instant));

  it.each(Array.from({ length: 20 }, (_, i) => i + 1))('run %i: after every decision but the scheduler\'s own, the next instant due is no earlier than the one before or the one the event announces', (seed) => {
    const random = seeded(seed);
    let state = initialCustomerState();
    let clock = Date.parse('2026-01-05T03:00:00.000Z');
    const now = () => new Date(clock).toISOString();
    const decide = (command: CustomerCommand) => {
      try {
        return decideAndEvolveCustomer(command, state).events;
      } catch {
        return []; // a refused command (no points, an unknown receipt) decides nothing
      }
    };
    const checked: string[] = [];
    const receipts: string[] = [];
    const redemptions: string[] = [];
    for (let step = 0; step < 120; step++) {
      clock += Math.floor(random() * 12 * 86_400_000);
      const roll = random();
      let command: CustomerCommand;
      if (step === 0) command = { type: 'Enrol', data: { customerId: 'c', cardNumber: 'card', birthMonth: 1 + Math.floor(random() * 12), ownReferralCode: 'C0DE', now: now(), program: version } };
      else if (roll < 0.45) {
        const receiptId = `r${step}`;
        receipts.push(receiptId);
        const total = 100_000 + Math.floor(random() * 20) * 100_000;
        command = { type: 'RecordPurchase', data: { receiptId, storeId: 'jkt-1', customerId: 'c', occurredAt: now(), currency: 'IDR', total, lines: [{ sku: 's', quantity: 1, unitPrice: total }], now: now(), program: version } };
      } else if (roll < 0.6 && receipts.length > 0) {
        command = { type: 'RecordReturn', data: { returnId: `t${step}`, receiptId: receipts[Math.floor(random() * receipts.length)], storeId: 'jkt-1', customerId: 'c', occurredAt: now(), amount: 100_000, now: now(), program: version } };
      } else if (roll < 0.75) {
        redemptions.push(`x${step}`);
        command = { type: 'RedeemReward', data: { redemptionId: `x${step}`, customerId: 'c', rewardId: 'coffee', storeId: 'jkt-1', now: now(), program: version } };
      } else if (roll < 0.85 && redemptions.length > 0) {
        command = { type: 'CancelRedemption', data: { redemptionId: redemptions[Math.floor(random() * redemptions.length)], customerId: 'c', now: now(), program: version } };
      } else {
        // The scheduler's own: it works out the next instant from the state afterwards.
        const events = decide({ type: 'PassTime', data: { customerId: 'c', until: now(), program: version } });
        state = foldCustomer(events, state);
        expect(nextDue(state, version) === null || at(nextDue(state, version)) > clock).toBe(true);
        continue;
      }
      // The scheduler reads a decision's events together: the earliest any of them announces.
      const events = decide(command);
      const before = nextDue(state, version);
      state = foldCustomer(events, state);
      const after = nextDue(state, version);
      const announced = Math.min(...events.map((event) => at(announcedDue(event, version))));
      if (at(after) < Math.min(at(before), announced)) checked.push(`${events.map((event) => event.type).join(', ')} at ${now()}: due ${after}, before ${before}, announced ${announced}`);
    }
    expect(checked).toEqual([]);
    expect(state.lifetimeEarned).toBeGreaterThan(0);
  });
});
