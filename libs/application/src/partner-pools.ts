import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, partnerStream, storedHash } from '@setia/domain';
import { EVENT_STORE } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { BlindIndex } from '@setia/personal-data';
import type { CommandContext } from './envelope';
import { envelope } from './envelope';
import { ClaimRegistry } from './claims';

/** Codes added to a partner's pool: slots `first` to `first + count - 1`, sealed, with their digests to refuse a code given twice. */
interface PartnerCodesAdded {
  partnerId: string;
  first: number;
  count: number;
  /** HMAC-SHA-256 of each code under the tenant's index key: a code uploaded again is found without opening the pool. */
  digests: string[];
  /** AES-256-GCM of the codes' JSON under a key derived from the tenant's index key: `iv.tag.ciphertext`, base64url. */
  sealed: string;
}

export class DuplicatePartnerCode extends DomainError {
  readonly category = 'rejected';
  constructor(field: string, where: string) {
    super(`${field}: the code appears ${where}`, field);
  }
}
export class PartnerCodeInPool extends DomainError {
  readonly category = 'conflict';
  constructor(field: string) {
    super(`${field}: the code is in the partner's pool already`, field);
  }
}

/**
 * Partners' pools of gift-card codes. An admin uploads codes; they are kept sealed in the partner's
 * own stream (never a customer's or the program's, so never projected or published), numbered by
 * slot in upload order. A redemption takes a slot by claiming it with its events (CustomerLedger),
 * so no code is given twice; the pool only says how many slots there are and opens the one a
 * member got. The key is derived from the tenant's index key, kept in the vault outside the store.
 */
@Injectable()
export class PartnerPools {
  /** Per pool, the first slot not known to be taken: where a redemption starts looking. */
  private readonly firstFree = new Map<string, number>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, private readonly index: BlindIndex, private readonly claims: ClaimRegistry) {}

  private key(tenant: string, partnerId: string): Promise<Buffer> {
    return this.index.secret(tenant, 'partner-codes-key', partnerId);
  }

  private async digest(tenant: string, partnerId: string, code: string): Promise<string> {
    return (await this.index.secret(tenant, 'partner-code-digest', `${partnerId}\u0000${code}`)).toString('hex');
  }

  private async added(tenant: string, partnerId: string) {
    return (await this.store.readStream(partnerStream(tenant, partnerId))).map((event) => ({ event, data: event.data as PartnerCodesAdded }));
  }

  /** Adds codes to the pool; refused, naming the code's field, when one repeats in the list or is in the pool already. */
  async upload(context: CommandContext, partnerId: string, codes: readonly string[]): Promise<{ partnerId: string; added: number; total: number }> {
    const seen = new Map<string, number>();
    codes.forEach((code, i) => {
      if (seen.has(code)) throw new DuplicatePartnerCode(`codes[${i}]`, `twice in the list, first at codes[${seen.get(code)}]`);
      seen.set(code, i);
    });
    const digests = await Promise.all(codes.map((code) => this.digest(context.tenant, partnerId, code)));
    const existing = await this.added(context.tenant, partnerId);
    const inPool = new Set(existing.flatMap(({ data }) => data.digests));
    digests.forEach((digest, i) => {
      if (inPool.has(digest)) throw new PartnerCodeInPool(`codes[${i}]`);
    });
    const last = existing[existing.length - 1];
    const first = last ? last.data.first + last.data.count : 0;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.key(context.tenant, partnerId), iv);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(codes), 'utf8'), cipher.final()]);
    const sealed = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')).join('.');
    const data: PartnerCodesAdded = { partnerId, first, count: codes.length, digests, sealed };
    const events = envelope([{ type: 'PartnerCodesAdded', data }], `partner-codes:${partnerId}:${first}`, context, last ? storedHash(last.event) : null);
    // Expected revision: two uploads at once never number their codes alike (the later one is refused and may be sent again).
    await this.store.appendToStream(partnerStream(context.tenant, partnerId), events, { expectedRevision: last ? last.event.revision : 'no_stream' });
    return { partnerId, added: codes.length, total: first + codes.length };
  }

  /** How many codes the pool has had, in all. */
  async size(tenant: string, partnerId: string): Promise<number> {
    const existing = await this.added(tenant, partnerId);
    const last = existing[existing.length - 1];
    return last ? last.data.first + last.data.count : 0;
  }

  /** The slot a redemption tries first. */
  startingSlot(tenant: string, partnerId: string): number {
    return this.firstFree.get(`${tenant}/${partnerId}`) ?? 0;
  }

  /**
   * A slot was found taken or was taken. Later redemptions start after it when every slot before it
   * is known taken: one left free (its redemption refused for short points) is found again.
   */
  taken(tenant: string, partnerId: string, slot: number): void {
    const pool = `${tenant}/${partnerId}`;
    if (slot === (this.firstFree.get(pool) ?? 0)) this.firstFree.set(pool, slot + 1);
  }

  /** Whether the pool has a code no redemption has claimed: the first free slot, looked for as a redemption does. */
  async hasCodeLeft(tenant: string, partnerId: string): Promise<boolean> {
    const size = await this.size(tenant, partnerId);
    for (let slot = this.startingSlot(tenant, partnerId); slot < size; slot++) {
      if (!(await this.isTaken(tenant, partnerId, slot))) return true;
      this.taken(tenant, partnerId, slot);
    }
    return false;
  }

  /** Whether a redemption claimed the slot (a cancelled one's stays claimed: its code is burned). */
  async isTaken(tenant: string, partnerId: string, slot: number): Promise<boolean> {
    return (await this.claims.lookup(tenant, 'partner-code', `${partnerId}:${slot}`)) !== undefined;
  }

  /** The code in a slot, opened. */
  async codeAt(tenant: string, partnerId: string, slot: number): Promise<string> {
    const found = (await this.added(tenant, partnerId)).find(({ data }) => slot >= data.first && slot < data.first + data.count);
    if (!found) throw new Error(`partner ${partnerId} has no slot ${slot}`);
    const [iv, tag, ciphertext] = found.data.sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', await this.key(tenant, partnerId), iv);
    decipher.setAuthTag(tag);
    const codes = JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')) as string[];
    return codes[slot - found.data.first];
  }
}
