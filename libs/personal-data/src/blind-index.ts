import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { normalisedCardNumber } from '@setia/domain';
import { PERSONAL_DATA_VAULT } from './personal-data-vault.port';
import type { IndexEntry, PersonalDataVault } from './personal-data-vault.port';

/** The numbers a member is found by, and what makes two spellings of one number the same. */
const KINDS = {
  card: normalisedCardNumber,
};

export type LookupKind = keyof typeof KINDS;

/**
 * A tenant's blind index: a number a member shows at a till (their card) mapped to the member,
 * without keeping the number. The index holds HMAC-SHA-256 digests of the normalised number under
 * a key of the tenant kept in the vault, so neither the index nor the event store can be read
 * back into numbers, and a number cannot be tried against it without that key. It lives in the
 * vault beside the customers' keys, every process of the deployment reads the same, and erasure
 * removes the member's entries with their key.
 */
@Injectable()
export class BlindIndex {
  /** Tenants' index keys: made once, never changed or destroyed, so a process keeps them. */
  private readonly keys = new Map<string, Buffer>();

  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  /** The digest of a number of the kind (as the member wrote or showed it) in the tenant's index. */
  async digest(tenant: string, kind: LookupKind, number: string): Promise<Buffer> {
    return this.secret(tenant, kind, KINDS[kind](number));
  }

  /**
   * A secret of the tenant derived from `text` for `purpose` (HMAC-SHA-256 under the tenant's index
   * key): the same text always gives the same secret, and no one without the key can make one.
   * What the index holds are the secrets of purpose `card`, so other purposes must differ.
   */
  async secret(tenant: string, purpose: string, text: string): Promise<Buffer> {
    let key = this.keys.get(tenant);
    if (!key) {
      key = await this.vault.indexKeyFor(tenant);
      this.keys.set(tenant, key);
    }
    return createHmac('sha256', key).update(`${purpose}\u0000${text}`).digest();
  }

  /** The customer the number was indexed for, or null. */
  async find(tenant: string, kind: LookupKind, number: string): Promise<string | null> {
    return (await this.vault.findEntry(tenant, await this.digest(tenant, kind, number)))?.customerId ?? null;
  }

  /**
   * Indexes the number for the customer, unless it is another customer's (but `replacing`'s, which
   * is taken over). Returns whose it is after, or null for a forgotten customer (nothing indexed).
   */
  async claim(tenant: string, kind: LookupKind, number: string, customerId: string, at: string, replacing?: string): Promise<IndexEntry | null> {
    return this.vault.claimEntry(tenant, await this.digest(tenant, kind, number), kind, customerId, at, replacing);
  }

  /** Removes the customer's other numbers of the kind from the index: all but `keep`. */
  async release(tenant: string, kind: LookupKind, customerId: string, keep: string | null): Promise<void> {
    await this.vault.releaseEntries(tenant, customerId, kind, keep === null ? null : await this.digest(tenant, kind, keep));
  }
}
