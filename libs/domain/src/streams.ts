/**
 * Stream names, `<category>-<id>` as EventStoreDB expects. Tenant ids cannot contain '-', so the
 * tenant and the rest of a name can always be told apart.
 */
export const customerStream = (tenant: string, customerId: string) => `customer-${tenant}-${customerId}`;
export const programStream = (tenant: string) => `program-${tenant}`;

/** Kinds of ids that are unique within a tenant for ever, each claimed once in its own stream. */
/** `voucher-code`: the digest of a voucher's code under the tenant's index key, never the code. */
/** `partner-code`: a slot of a partner's pool of codes, `<partnerId>:<slot>`. */
export type ClaimKind = 'receipt' | 'return' | 'redemption' | 'feedback' | 'referral-code' | 'voucher-code' | 'partner-code';
/** A partner's pool of gift-card codes (sealed), `partner-<tenant>-<partnerId>`: not a customer's or program's, so never projected or relayed. */
export const partnerStream = (tenant: string, partnerId: string) => `partner-${tenant}-${partnerId}`;
export const claimStream = (tenant: string, kind: ClaimKind, id: string) => `claim-${tenant}-${kind}-${id}`;

export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_]{0,63}$/;
/** Ids of a tenant's things (customers, stores, receipts...): letters, digits and . _ : @ -, at most 128. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** The tenant and customer of a customer stream name, or undefined for other streams. */
export function parseCustomerStream(streamName: string): { tenant: string; customerId: string } | undefined {
  const match = /^customer-([a-z0-9_]+)-(.+)$/.exec(streamName);
  return match ? { tenant: match[1], customerId: match[2] } : undefined;
}

/**
 * Who may do what: a tenant's keys in `access-<tenant>`, platform keys in `access-platform`. Not
 * `customer-` or `program-`, so the projector and the relay never see key hashes.
 */
export const PLATFORM_SCOPE = 'platform';
export const accessStream = (scope: string) => `access-${scope}`;
