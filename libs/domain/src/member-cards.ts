/**
 * A membership card number as a till reads it: letters and digits, grouped by spaces or dashes as
 * printed ("6001 0001", "6001-0001"). The groups are how the number is written, not what it is:
 * the same card scanned, typed or printed differently is one card.
 */

/** What a card number may be, as given at enrolment or at a replacement. */
export const CARD_NUMBER_PATTERN = /^[A-Za-z0-9 -]{4,64}$/;
export const CARD_NUMBER_RULE = '4 to 64 letters, digits, spaces or dashes';

/** The card number without its grouping, letters in upper case: what identifies the card. */
export function normalisedCardNumber(cardNumber: string): string {
  return cardNumber.replace(/[\s-]+/g, '').toUpperCase();
}

/**
 * Whether two card numbers are the same card. A card number the ledger holds may be in its stored
 * form (sealed, for the auditor's re-decision, which has no key) or null (erased): those are never
 * the same as anything, so a decision does not depend on reading them.
 */
export function sameCard(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && normalisedCardNumber(a) === normalisedCardNumber(b);
}
