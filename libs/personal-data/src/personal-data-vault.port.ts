/** Injection token of the configured PersonalDataVault. */
export const PERSONAL_DATA_VAULT = Symbol('PERSONAL_DATA_VAULT');

/** An entry of a tenant's blind index: whose a number (a member's card) is, found by its keyed digest. */
export interface IndexEntry {
  /** What the number is (`card`): a member has one number of each kind. */
  kind: string;
  customerId: string;
  /** When the entry was made, or moved to this customer. */
  claimedAt: string;
}

/**
 * Where each customer's data key lives, apart from the event store: events are immutable, so a
 * member is forgotten by destroying the key their personal fields were encrypted with.
 * Asynchronous so that a networked adapter (MongoDB) fits the same port.
 *
 * Beside the keys, each tenant's blind index: a keyed digest (HMAC-SHA-256 with the tenant's index
 * key, which never leaves the vault) of each number a member is found by, and whose it is. It holds
 * no number, and goes with the customer's key.
 */
export interface PersonalDataVault {
  /**
   * The customer's 256-bit key, created on first need. Null once the customer's key was
   * destroyed: a forgotten member gets no new key, so nothing personal is kept about them again.
   */
  keyFor(tenant: string, customerId: string): Promise<Buffer | null>;
  /** The customer's key when there is one; null when none was made or it was destroyed. */
  find(tenant: string, customerId: string): Promise<Buffer | null>;
  /** The keys of many customers of a tenant at once, by customer id: only those that have one. */
  findMany(tenant: string, customerIds: readonly string[]): Promise<Map<string, Buffer>>;
  /**
   * Deletes the key for good and records when (the first time), and removes the customer's
   * entries from the blind index; safe to call again.
   */
  destroy(tenant: string, customerId: string, at: string): Promise<void>;
  /** When the customer's key was destroyed, or null. */
  destroyedAt(tenant: string, customerId: string): Promise<string | null>;
  /** The tenant's 256-bit key of the blind index, created on first need, the same for every process after; never destroyed. */
  indexKeyFor(tenant: string): Promise<Buffer>;
  /** Whose the digest is, or null. */
  findEntry(tenant: string, digest: Buffer): Promise<IndexEntry | null>;
  /**
   * Makes the digest the customer's, unless it is another customer's: then it is left as it is, or
   * taken over when that customer is `replacing`. Returns the entry as it stands after (whose it
   * is), or null for a customer whose key was destroyed, of whom nothing is indexed again.
   */
  claimEntry(tenant: string, digest: Buffer, kind: string, customerId: string, at: string, replacing?: string): Promise<IndexEntry | null>;
  /** Removes the customer's entries of the kind, all but the digest to keep. */
  releaseEntries(tenant: string, customerId: string, kind: string, keep: Buffer | null): Promise<void>;
  close(): Promise<void>;
}
