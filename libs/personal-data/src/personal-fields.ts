import { CUSTOMER_EVENT_CONTRACTS, personalFields } from '@setia/domain';

/**
 * The fields of customer events that hold personal data, by event type: those the domain's event
 * contracts mark personal. Only these are encrypted; everything the rules compute with (amounts,
 * stores, dates, tiers, the birth month) stays readable, so a ledger replays and verifies without
 * any key.
 */
export const PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(CUSTOMER_EVENT_CONTRACTS)
    .map(([type, contract]) => [type, personalFields(contract)] as const)
    .filter(([, fields]) => fields.length > 0),
);
