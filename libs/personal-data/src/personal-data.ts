import { Inject, Injectable } from '@nestjs/common';
import { PERSONAL_DATA_VAULT } from './personal-data-vault.port';
import type { PersonalDataVault } from './personal-data-vault.port';
import { PERSONAL_FIELDS } from './personal-fields';
import { isSealed, seal, sealBytes, unseal, unsealBytes } from './sealed-value';

interface EventLike {
  type: string;
  data: unknown;
}

/** What a sealed state is bound to, beside the tenant and customer. */
const STATE_FIELD = '$state';

function personalFieldsOf(event: EventLike): readonly string[] {
  const fields = PERSONAL_FIELDS[event.type];
  if (!fields || event.data === null || typeof event.data !== 'object') return [];
  const data = event.data as Record<string, unknown>;
  return fields.filter((field) => data[field] !== undefined && data[field] !== null);
}

/**
 * Crypto-shredding of a customer's personal fields. The domain decides on plain values; the
 * application seals them right before an append and opens them right after a read. Erasing
 * destroys the customer's key: every sealed value of theirs then opens as null, wherever the
 * event was copied (exports, backups), while the events themselves stay as they were, so the hash
 * chain still verifies.
 */
@Injectable()
export class PersonalData {
  constructor(@Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault) {}

  /**
   * The events with their personal fields sealed with the customer's key, ready to append. After
   * an erasure there is no key any more: personal fields are stored as null, not kept.
   */
  async seal<E extends EventLike>(tenant: string, customerId: string, events: readonly E[]): Promise<E[]> {
    if (!events.some((event) => personalFieldsOf(event).length > 0)) return [...events];
    const key = await this.vault.keyFor(tenant, customerId);
    return events.map((event) => {
      const fields = personalFieldsOf(event);
      if (fields.length === 0) return event;
      const data = { ...(event.data as Record<string, unknown>) };
      for (const field of fields) {
        data[field] = key ? seal(key, data[field], { tenant, customerId, field }) : null;
      }
      return { ...event, data };
    });
  }

  /**
   * Stored events with their personal fields readable: sealed values decrypted, or null once the
   * key was destroyed. Values written in clear before encryption existed are returned as stored.
   */
  async open<E extends EventLike>(tenant: string, customerId: string, events: readonly E[]): Promise<E[]> {
    if (!events.some((event) => this.sealedFieldsOf(event).length > 0)) return [...events];
    return this.openWith(await this.vault.find(tenant, customerId), tenant, customerId, events);
  }

  /** `open` for many customers of a tenant at once (their keys found in one go), by customer id. */
  async openMany<E extends EventLike>(tenant: string, byCustomer: ReadonlyMap<string, readonly E[]>): Promise<Map<string, E[]>> {
    const sealedOf = [...byCustomer].filter(([, events]) => events.some((event) => this.sealedFieldsOf(event).length > 0)).map(([customerId]) => customerId);
    const keys = await this.vault.findMany(tenant, sealedOf);
    return new Map([...byCustomer].map(([customerId, events]) => [customerId, this.openWith(keys.get(customerId) ?? null, tenant, customerId, events)]));
  }

  private openWith<E extends EventLike>(key: Buffer | null, tenant: string, customerId: string, events: readonly E[]): E[] {
    return events.map((event) => {
      const fields = this.sealedFieldsOf(event);
      if (fields.length === 0) return event;
      const data = { ...(event.data as Record<string, unknown>) };
      for (const field of fields) {
        data[field] = key ? unseal(key, data[field] as never, { tenant, customerId, field }) : null;
      }
      return { ...event, data };
    });
  }

  /**
   * A customer's whole state (a snapshot), sealed with their key, so that erasing the key erases it
   * with the fields of their events. A state folded after the erasure holds nothing personal and is
   * kept as it is (`erased`); one that may still hold what was opened before the key went is not
   * kept at all (null).
   */
  async sealState(tenant: string, customerId: string, state: Buffer, erased: boolean): Promise<{ sealed: boolean; bytes: Buffer } | null> {
    if (erased) return { sealed: false, bytes: state };
    const key = await this.vault.keyFor(tenant, customerId);
    return key ? { sealed: true, bytes: sealBytes(key, state, { tenant, customerId, field: STATE_FIELD }) } : null;
  }

  /** The state `sealState` kept; null when it can no longer be opened (the key was destroyed). */
  async openState(tenant: string, customerId: string, kept: { sealed: boolean; bytes: Buffer }): Promise<Buffer | null> {
    if (!kept.sealed) return kept.bytes;
    const key = await this.vault.find(tenant, customerId);
    return key && unsealBytes(key, kept.bytes, { tenant, customerId, field: STATE_FIELD });
  }

  /** Destroys the customer's key for good; safe to repeat. */
  erase(tenant: string, customerId: string, at: string): Promise<void> {
    return this.vault.destroy(tenant, customerId, at);
  }

  /** Whether the customer's key was destroyed. */
  async erased(tenant: string, customerId: string): Promise<boolean> {
    return (await this.vault.destroyedAt(tenant, customerId)) !== null;
  }

  private sealedFieldsOf(event: EventLike): string[] {
    const data = event.data as Record<string, unknown>;
    return personalFieldsOf(event).filter((field) => isSealed(data[field]));
  }
}
