import { Injectable } from '@nestjs/common';
import type { CustomerEvent, CustomerState } from '@setia/domain';
import { BlindIndex } from '@setia/personal-data';

/** Crockford's base32 without I, L, O and U, as referral codes: easy to read aloud and to type at a till. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 characters of 5 bits: 80 bits, not to be guessed or counted through. */
const CODE_LENGTH = 16;
const PURPOSE = 'voucher-code';

/**
 * Voucher codes. A code is a bearer secret: it is never recorded in the event store (nor published,
 * nor logged). It is derived from the tenant, the member and the voucher's id with the tenant's index
 * key, kept in the vault outside the event store, so the same voucher always has the same code, a
 * replay needs none, and no code can be made or guessed without the key. The blind index maps each
 * code's digest to its member; a decision that issues vouchers indexes their codes before its
 * events are appended (as a card's), and a lookup confirms the voucher in the member's ledger, so an
 * entry left by a write that failed finds nothing.
 */
@Injectable()
export class VoucherCodes {
  constructor(private readonly index: BlindIndex) {}

  async codeOf(tenant: string, customerId: string, voucherId: string): Promise<string> {
    const secret = await this.index.secret(tenant, PURPOSE, `${customerId}\u0000${voucherId}`);
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[secret[i] & 31];
    return code;
  }

  /** Before the append: the codes of the vouchers the decision issues are the member's in the index. */
  async claim(tenant: string, customerId: string, events: readonly CustomerEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== 'VoucherIssued') continue;
      const code = await this.codeOf(tenant, customerId, event.data.voucherId);
      const entry = await this.index.claim(tenant, 'voucher', code, customerId, event.data.occurredAt);
      // Two vouchers' codes meeting is a chance of 2^-80: refused loudly rather than given to the wrong member.
      if (entry !== null && entry.customerId !== customerId) throw new Error(`the code of voucher ${event.data.voucherId} is another customer's`);
    }
  }

  /** The member and voucher of a code, if the member's ledger holds it. */
  async find(tenant: string, code: string, ledgerOf: (customerId: string) => Promise<CustomerState>): Promise<{ customerId: string; voucherId: string; state: CustomerState } | null> {
    const customerId = await this.index.find(tenant, 'voucher', code);
    if (customerId === null) return null;
    const state = await ledgerOf(customerId);
    const wanted = code.toUpperCase().replace(/[\s-]/g, '');
    for (const voucherId of state.rules.vouchers.keys()) {
      if ((await this.codeOf(tenant, customerId, voucherId)) === wanted) return { customerId, voucherId, state };
    }
    return null;
  }
}
