import { InvalidProgram } from '../errors';
import { customerSpec } from '../testing/decider-spec';
import { earned, enrolled, feedback, NOW, program, purchased, sampleProgram } from '../testing/fixtures';
import { foldCustomer } from '../customer.state';
import { validateProgram } from './registry';

const bonus = (data: Partial<Parameters<typeof earned>[0]> = {}) =>
  earned({ reason: 'feedback', points: 20, receiptId: 'r-1', feedbackId: 'fb-1', storeId: 'jkt-1', occurredAt: NOW, tier: undefined, ...data });
const given = { type: 'FeedbackSubmitted' as const, data: { feedbackId: 'fb-1', storeId: 'jkt-1', receiptId: 'r-1', nps: 9, occurredAt: NOW } };

describe('the feedback bonus rule', () => {
  it('credits the bonus in force, with reason feedback, for feedback about a receipt of the member', () => {
    customerSpec
      .given([enrolled(), purchased()])
      .when(feedback({ receiptId: 'r-1', program: program({ feedback: { bonus: 35 } }, 9) }))
      .then([given, bonus({ points: 35, programRevision: 9 })]);
  });

  it('remembers the receipts whose feedback earned it, and credits a receipt once', () => {
    const state = foldCustomer([enrolled(), purchased(), given, bonus()]);
    expect([...state.rules.feedback.keys()]).toEqual(['r-1']);
    customerSpec
      .given([enrolled(), purchased(), given, bonus()])
      .when(feedback({ feedbackId: 'fb-2', receiptId: 'r-1' }))
      .then([{ ...given, data: { ...given.data, feedbackId: 'fb-2' } }]);
  });

  it('a bonus of 0 credits nothing', () => {
    customerSpec.given([enrolled(), purchased()]).when(feedback({ receiptId: 'r-1', program: program({ feedback: { bonus: 0 } }) })).then([given]);
  });

  it.each([
    ['a negative bonus', -1],
    ['a fractional bonus', 2.5],
  ])('refuses %s in the program, naming feedback.bonus', (_case, amount) => {
    expect(() => validateProgram(sampleProgram({ feedback: { bonus: amount } }))).toThrow(expect.objectContaining({ field: 'feedback.bonus' }));
    expect(() => validateProgram(sampleProgram({ feedback: { bonus: amount } }))).toThrow(InvalidProgram);
  });
});
