/** Parts of a document id; '|' cannot appear in a tenant, customer, store or tier id. */
export const docId = (...parts: string[]) => parts.join('|');

/** A customer with no home store counts new-member figures under this store id. */
export const NO_STORE = '-';

/** Points of customers who are not members are counted under this tier. */
export const NO_TIER = '-';
