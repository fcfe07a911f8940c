import { Inject, Injectable, Logger } from '@nestjs/common';
import { CardInUse, instantOf, sameCard } from '@setia/domain';
import type { CustomerState } from '@setia/domain';
import { BlindIndex } from '@setia/personal-data';
import { CLOCK } from './clock';
import type { Clock } from './clock';

/**
 * An index entry older than this whose customer's ledger does not hold the card was left by a
 * write that never happened (a crash, a refused append): it no longer keeps the number from
 * another member. Far beyond any append's time, so a claim still on its way is never taken.
 */
export const UNCONFIRMED_CLAIM_MS = 60_000;

/**
 * Keeps the blind index of members' cards as their ledgers say: a decision that gives a customer
 * a card (an enrolment, a replaced card) indexes the number for them before its events are
 * appended, so a card recorded in a ledger is always found; the numbers they held before leave
 * the index once the append is done. An entry whose ledger does not (yet, or any longer) hold the
 * card finds no one (the lookup checks the ledger), so a write that fails between the two steps
 * leaves nothing wrong behind.
 */
@Injectable()
export class CardIndex {
  private readonly logger = new Logger('CardIndex');

  constructor(private readonly index: BlindIndex, @Inject(CLOCK) private readonly clock: Clock) {}

  /**
   * Before the append: indexes the card the decision gives the customer, refused (CardInUse) when
   * it is another member's. Returns the card to keep once the events are appended, or undefined
   * when the customer's card did not change (or they were forgotten: nothing of theirs is indexed).
   */
  async claim(tenant: string, customerId: string, before: CustomerState, after: CustomerState, ledgerOf: (customerId: string) => Promise<CustomerState>): Promise<string | undefined> {
    const card = after.member?.cardNumber;
    if (typeof card !== 'string' || sameCard(card, before.member?.cardNumber)) return undefined;
    let replacing: string | undefined;
    for (;;) {
      const now = this.clock.now();
      const entry = await this.index.claim(tenant, 'card', card, customerId, now, replacing);
      if (entry === null) return undefined;
      if (entry.customerId === customerId) return card;
      const holder = await ledgerOf(entry.customerId);
      const left = !sameCard(holder.member?.cardNumber, card) && instantOf(now) - instantOf(entry.claimedAt) > UNCONFIRMED_CLAIM_MS;
      if (!left || entry.customerId === replacing) throw new CardInUse();
      replacing = entry.customerId;
    }
  }

  /** After the append: the customer's other card numbers leave the index. */
  async settle(tenant: string, customerId: string, card: string): Promise<void> {
    try {
      await this.index.release(tenant, 'card', customerId, card);
    } catch (error) {
      // The card is recorded; an old number left behind finds no one, and is taken by its next member.
      this.logger.warn(`the old card number of customer ${customerId} (tenant ${tenant}) stays in the index: ${(error as Error).message}`);
    }
  }

  /** The customer the card was indexed for, if their ledger says it is theirs now. */
  async holder(tenant: string, cardNumber: string, ledgerOf: (customerId: string) => Promise<CustomerState>): Promise<{ customerId: string; state: CustomerState } | null> {
    const customerId = await this.index.find(tenant, 'card', cardNumber);
    if (customerId === null) return null;
    const state = await ledgerOf(customerId);
    return sameCard(state.member?.cardNumber, cardNumber) && !state.personalDataErased ? { customerId, state } : null;
  }
}
