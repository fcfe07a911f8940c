import type { FeedbackSubmitted, PointsEarned } from './customer.events';
import { CustomerNotFound, IdAlreadyUsed, ScoreOutOfRange, UnknownReceipt, UnknownStore } from './errors';
import { customerSpec } from './testing/decider-spec';
import { earned, enrolled, feedback, NOW, program, purchased } from './testing/fixtures';

const submitted = (data: Partial<FeedbackSubmitted['data']> = {}): FeedbackSubmitted => ({
  type: 'FeedbackSubmitted',
  data: { feedbackId: 'fb-1', storeId: 'jkt-1', nps: 9, occurredAt: NOW, ...data },
});
const bonus = (data: Partial<PointsEarned['data']> = {}): PointsEarned => ({
  type: 'PointsEarned',
  data: { reason: 'feedback', points: 20, receiptId: 'r-1', feedbackId: 'fb-1', storeId: 'jkt-1', occurredAt: NOW, programRevision: 3, ...data },
});

const member = [enrolled(), purchased(), earned({ points: 100 })];

describe('feedback', () => {
  it('a member giving feedback about their receipt earns the feedback bonus', () => {
    customerSpec
      .given(member)
      .when(feedback({ receiptId: 'r-1', nps: 10, csat: 5, comment: 'Kasir ramah' }))
      .then([submitted({ receiptId: 'r-1', nps: 10, csat: 5, comment: 'Kasir ramah' }), bonus()]);
  });

  it('the bonus records the program revision and amount in force', () => {
    customerSpec
      .given(member)
      .when(feedback({ receiptId: 'r-1', program: program({ feedback: { bonus: 35 } }, 14) }))
      .then([submitted({ receiptId: 'r-1' }), bonus({ points: 35, programRevision: 14 })]);
  });

  it('the feedback bonus is given once per receipt', () => {
    customerSpec
      .given([...member, submitted({ receiptId: 'r-1' }), bonus()])
      .when(feedback({ feedbackId: 'fb-2', receiptId: 'r-1', nps: 3 }))
      .then([submitted({ feedbackId: 'fb-2', receiptId: 'r-1', nps: 3 })]);
  });

  it('feedback about another receipt of the same member earns its own bonus', () => {
    customerSpec
      .given([...member, submitted({ receiptId: 'r-1' }), bonus(), purchased({ receiptId: 'r-2' }), earned({ points: 100, receiptId: 'r-2' })])
      .when(feedback({ feedbackId: 'fb-2', receiptId: 'r-2' }))
      .then([submitted({ feedbackId: 'fb-2', receiptId: 'r-2' }), bonus({ feedbackId: 'fb-2', receiptId: 'r-2' })]);
  });

  it('feedback without a receipt is recorded but earns no bonus', () => {
    customerSpec.given(member).when(feedback()).then([submitted()]);
  });

  it('a customer who is not a member gives feedback about a receipt and earns no bonus', () => {
    customerSpec.given([purchased()]).when(feedback({ receiptId: 'r-1' })).then([submitted({ receiptId: 'r-1' })]);
  });

  it('a program without a feedback bonus records the feedback only', () => {
    customerSpec
      .given(member)
      .when(feedback({ receiptId: 'r-1', program: program({ feedback: { bonus: 0 } }) }))
      .then([submitted({ receiptId: 'r-1' })]);
  });

  it('feedback about a receipt that is not one of this customer is refused', () => {
    customerSpec.given(member).when(feedback({ receiptId: 'r-of-someone-else' })).thenThrows(UnknownReceipt, { field: 'receiptId' });
  });

  it('a store that is not in the program is refused', () => {
    customerSpec.given(member).when(feedback({ storeId: 'sby-9' })).thenThrows(UnknownStore, { field: 'storeId' });
  });

  it('a customer with no ledger is not found', () => {
    customerSpec.given([]).when(feedback()).thenThrows(CustomerNotFound, { field: 'customerId' });
  });

  describe('scores', () => {
    it.each([0, 10])('an NPS of %i is accepted', (nps) => {
      customerSpec.given(member).when(feedback({ nps })).then([submitted({ nps })]);
    });

    it.each([1, 5])('a CSAT of %i is accepted', (csat) => {
      customerSpec.given(member).when(feedback({ csat })).then([submitted({ csat })]);
    });

    it.each([-1, 11, 7.5])('an NPS of %d is refused: NPS is a whole number from 0 to 10', (nps) => {
      customerSpec.given(member).when(feedback({ nps })).thenThrows(ScoreOutOfRange, { field: 'nps' });
    });

    it.each([0, 6, 2.5])('a CSAT of %d is refused: CSAT is a whole number from 1 to 5', (csat) => {
      customerSpec.given(member).when(feedback({ csat })).thenThrows(ScoreOutOfRange, { field: 'csat' });
    });
  });

  describe('the same feedback posted again', () => {
    const recorded = [...member, submitted({ receiptId: 'r-1', csat: 4 }), bonus()];

    it('with the same details decides nothing', () => {
      customerSpec.given(recorded).when(feedback({ receiptId: 'r-1', csat: 4, now: '2026-06-16T00:00:00.000Z' })).thenNothing();
    });

    it.each([
      ['another NPS', { nps: 8 }],
      ['another CSAT', { csat: 5 }],
      ['no CSAT', { csat: undefined }],
      ['a comment', { comment: 'ok' }],
      ['another receipt', { receiptId: undefined }],
      ['another store', { storeId: 'mks-1' }],
    ])('with %s is refused: the feedback id is already used', (_what, change) => {
      customerSpec
        .given(recorded)
        .when(feedback({ receiptId: 'r-1', csat: 4, ...change }))
        .thenThrows(IdAlreadyUsed, { field: 'feedbackId' });
    });
  });
});
