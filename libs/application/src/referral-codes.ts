import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IdAlreadyUsed } from '@setia/domain';
import { ClaimRegistry } from './claims';

/** Crockford's base32 without I, L, O and U: easy to read aloud and to type at a till. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 8;
const MAX_ATTEMPTS = 20;

/** The code for a tenant's customer; the same customer always gets the same candidates. */
export function referralCodeCandidate(tenant: string, customerId: string, attempt: number): string {
  const digest = createHash('sha256').update(`${tenant}\u0000${customerId}\u0000${attempt}`).digest();
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[digest[i] % ALPHABET.length];
  return code;
}

/**
 * Members' referral codes. A code is claimed in the tenant's claim streams, so it is unique and
 * can be resolved to its member; a clash with another member's code moves to the next candidate.
 */
@Injectable()
export class ReferralCodes {
  constructor(private readonly claims: ClaimRegistry) {}

  async codeFor(tenant: string, customerId: string): Promise<string> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const code = referralCodeCandidate(tenant, customerId, attempt);
      try {
        await this.claims.claim(tenant, { kind: 'referral-code', id: code, field: 'referralCode', customerId, request: {} });
        return code;
      } catch (error) {
        if (!(error instanceof IdAlreadyUsed)) throw error;
      }
    }
    throw new Error(`no free referral code for ${customerId} after ${MAX_ATTEMPTS} attempts`);
  }

  /** The member a code belongs to, or null. */
  async resolve(tenant: string, code: string): Promise<string | null> {
    return (await this.claims.lookup(tenant, 'referral-code', code))?.customerId ?? null;
  }
}
