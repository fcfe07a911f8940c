import type { PointsEarned } from '../customer.events';
import { integerSchema, objectOf } from '../json-schema';
import { isNonNegativeInteger } from '../program';
import { PersistentMap } from '../persistent-map';
import type { Rule } from './rule';

/** The feedback bonus: a member who gives feedback about a receipt earns `bonus` points, once per receipt. */

export interface FeedbackSettings {
  bonus: number;
}

type FeedbackTypes = {
  name: 'feedback';
  settings: FeedbackSettings;
  /** The receipts whose feedback already earned the bonus. */
  slice: PersistentMap<string, true>;
  reasons: 'feedback';
};

export const feedbackBonus: Rule<FeedbackTypes> = {
  name: 'feedback',
  description: 'A bonus for feedback about a receipt, once per receipt',
  settings: {
    example: { bonus: 20 },
    schema: objectOf<FeedbackSettings>('Feedback rule', {
      bonus: integerSchema('Points for feedback about a receipt, once per receipt', 0, 1_000_000_000),
    }),
    validate(settings, _program, fail) {
      if (!isNonNegativeInteger(settings.bonus)) fail('feedback.bonus', 'must be a whole number, not negative');
    },
  },
  reasons: ['feedback'],
  slice: {
    initial: () => PersistentMap.empty(),
    evolve: {
      PointsEarned: (slice, { data }) => (data.reason === 'feedback' && data.receiptId ? slice.with(data.receiptId, true) : slice),
    },
  },
  on: {
    feedback({ feedback, receipt, customer, slice, settings, program }): PointsEarned<'feedback'>[] {
      if (!customer.member || !receipt || slice.has(receipt.receiptId) || settings.bonus <= 0) return [];
      return [
        {
          type: 'PointsEarned',
          data: {
            reason: 'feedback',
            points: settings.bonus,
            receiptId: receipt.receiptId,
            feedbackId: feedback.feedbackId,
            storeId: feedback.storeId,
            occurredAt: feedback.occurredAt,
            programRevision: program.revision,
          },
        },
      ];
    },
  },
};
