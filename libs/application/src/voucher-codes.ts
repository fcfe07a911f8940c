import { Injectable } from '@nestjs/common';
import type { CustomerEvent, CustomerState } from '@setia/domain';
import { BlindIndex } from '@setia/personal-data';
import type { Claim } from './claims';
import { ClaimRegistry } from './claims';

/** Crockford's base32 without I, L, O and U, as referral codes: easy to read aloud and to type at a till. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 characters of 5 bits: 80 bits, not to be guessed or counted through. */
const CODE_LENGTH = 16;

/** Case, spaces and dashes do not matter in a code a till types. */
export const normalisedVoucherCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

/**
 * Voucher codes. A code is a bearer secret: it is never recorded in the event store (nor published,
 * nor logged). It is derived from the tenant, the member and the voucher's id with the tenant's index
 * key, kept in the vault outside the event store, so the same voucher always has the same code, a
 * replay needs none, and no code can be made or guessed without the key. Each code is claimed, as a
 * receipt id is, in a claim stream named by its digest under that key (not by the code), in the
 * same append as the events that issue the voucher: the claim says whose voucher the code is, and
 * the member's ledger confirms it.
 */
@Injectable()
export class VoucherCodes {
  constructor(private readonly index: BlindIndex, private readonly claims: ClaimRegistry) {}

  async codeOf(tenant: string, customerId: string, voucherId: string): Promise<string> {
    const secret = await this.index.secret(tenant, 'voucher-code', `${customerId}\u0000${voucherId}`);
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[secret[i] & 31];
    return code;
  }

  /** The id a code is claimed under: its digest, so neither the store nor its stream names hold the code. */
  private async claimId(tenant: string, code: string): Promise<string> {
    return (await this.index.secret(tenant, 'voucher-claim', normalisedVoucherCode(code))).toString('hex');
  }

  /** The claims of the codes of the vouchers the decision issues. */
  async claimsOf(tenant: string, customerId: string, events: readonly CustomerEvent[]): Promise<Claim[]> {
    const claims: Claim[] = [];
    for (const event of events) {
      if (event.type !== 'VoucherIssued') continue;
      const code = await this.codeOf(tenant, customerId, event.data.voucherId);
      claims.push({ kind: 'voucher-code', id: await this.claimId(tenant, code), field: 'code', customerId, request: { voucherId: event.data.voucherId } });
    }
    return claims;
  }

  /** The member and voucher of a code, if the member's ledger holds it. */
  async find(tenant: string, code: string, ledgerOf: (customerId: string) => Promise<CustomerState>): Promise<{ customerId: string; voucherId: string; state: CustomerState } | null> {
    const claimed = await this.claims.lookup(tenant, 'voucher-code', await this.claimId(tenant, code));
    if (!claimed) return null;
    const state = await ledgerOf(claimed.customerId);
    const wanted = normalisedVoucherCode(code);
    for (const voucherId of state.rules.vouchers.keys()) {
      if ((await this.codeOf(tenant, claimed.customerId, voucherId)) === wanted) return { customerId: claimed.customerId, voucherId, state };
    }
    return null;
  }
}
