/**
 * The fields of customer events that hold personal data, by event type. Only these are encrypted;
 * everything the rules compute with (amounts, stores, dates, tiers) stays readable, so a ledger
 * replays and verifies without any key.
 */
export const PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  CustomerEnrolled: ['cardNumber', 'birthday'],
  FeedbackSubmitted: ['comment'],
};
