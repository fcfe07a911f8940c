/** Injection token of the configured PersonalDataVault. */
export const PERSONAL_DATA_VAULT = Symbol('PERSONAL_DATA_VAULT');

/**
 * Where each customer's data key lives, apart from the event store: events are immutable, so a
 * member is forgotten by destroying the key their personal fields were encrypted with.
 * Asynchronous so that a networked adapter (MongoDB) fits the same port.
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
  /** Deletes the key for good and records when (the first time); safe to call again. */
  destroy(tenant: string, customerId: string, at: string): Promise<void>;
  /** When the customer's key was destroyed, or null. */
  destroyedAt(tenant: string, customerId: string): Promise<string | null>;
  close(): Promise<void>;
}
