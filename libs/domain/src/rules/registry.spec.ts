import { initialCustomerState } from '../customer.state';
import { InvalidProgram } from '../errors';
import { EVERY_CUSTOMER_EVENT, purchased, sampleProgram } from '../testing/fixtures';
import { CUSTOMER_EVENT_TYPES, evolveRuleSlices, initialRuleSlices, PROGRAM_SCHEMA, RULE_REASONS, RULES, validateProgram } from './registry';

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
    expect(Object.keys(PROGRAM_SCHEMA.properties!)).toEqual([...core, ...RULES.map((rule) => rule.name)]);
    expect(PROGRAM_SCHEMA.required).toEqual([...core, ...RULES.filter((rule) => !('optional' in rule && rule.optional)).map((rule) => rule.name)]);
    expect(PROGRAM_SCHEMA.required).toEqual(expect.arrayContaining(['earn', 'tiers', 'rewards', 'referral', 'feedback']));
    expect(PROGRAM_SCHEMA.additionalProperties).toBe(false);
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
