import type { CustomerCommand } from './customer.commands';
import { decideAndEvolveCustomer } from './customer.decider';
import { foldCustomer, initialCustomerState } from './customer.state';
import type { CustomerState } from './customer.state';
import { customerStateFold, decodeCustomerState, encodeCustomerState } from './customer-snapshot';
import { PersistentMap } from './persistent-map';
import { cancel, enrol, EVERY_CUSTOMER_EVENT, feedback, KOPI_CARD, program, purchase, redeem, returnGoods } from './testing/fixtures';

const STORES = [{ storeId: 'jkt-1', timeZone: 'Asia/Jakarta' }];
/** A program whose rules all keep something: lots that expire, a stamp card, a daily gift. */
const RICH = program({
  stores: STORES,
  pointsExpiry: { afterMonths: 12, noticeDays: 30 },
  stampCards: [KOPI_CARD],
  gifts: [{ giftId: 'BAG', minSpend: 350_000, per: 'day', reward: { voucher: { kind: 'freeItem', sku: 'tote-bag' }, validDays: 0 } }],
});
const at = (day: number) => `2026-06-${String(day).padStart(2, '0')}T09:00:00.000Z`;
const kopi = (receiptId: string, day: number, cups: number) =>
  purchase({ receiptId, occurredAt: at(day), now: at(day), total: cups * 100_000, lines: [{ sku: 'kopi-susu', category: 'drinks', quantity: cups, unitPrice: 100_000 }], program: RICH });

/** A member's life: enrolment, purchases that fill a stamp card and earn a gift, feedback, a redemption and its cancellation, a return. */
const LIFE: CustomerCommand[] = [
  enrol({ now: at(1), program: RICH, birthday: '1990-06-20' }),
  kopi('r-1', 2, 4),
  kopi('r-2', 3, 9),
  feedback({ receiptId: 'r-2', now: at(3), program: RICH }),
  redeem({ rewardId: 'coffee', now: at(4), program: RICH }),
  cancel({ now: at(4), program: RICH }),
  kopi('r-3', 5, 2),
  returnGoods({ returnId: 'ret-1', receiptId: 'r-2', lines: [{ sku: 'kopi-susu', quantity: 3 }], amount: undefined, occurredAt: at(6), now: at(6), program: RICH }),
];

describe('a customer state written as a snapshot and read back', () => {
  it('keeps every event type the fold knows: the same text again, persistent maps and sets as such', () => {
    const state = foldCustomer(Object.values(EVERY_CUSTOMER_EVENT));
    const read = decodeCustomerState(encodeCustomerState(state));
    expect(encodeCustomerState(read)).toBe(encodeCustomerState(state));
    expect(read.receipts).toBeInstanceOf(PersistentMap);
    expect(read.lots).toBeInstanceOf(PersistentMap);
    expect([...read.receipts.keys()]).toEqual([...state.receipts.keys()]);
    expect(read).toEqual(state);
  });

  it('decides every next command of a member’s life as the state it was written from did', () => {
    let state: CustomerState = initialCustomerState();
    let recorded = 0;
    for (const command of LIFE) {
      const read = decodeCustomerState(encodeCustomerState(state));
      const original = decideAndEvolveCustomer(command, state);
      const fromSnapshot = decideAndEvolveCustomer(command, read);
      expect(fromSnapshot.events).toEqual(original.events);
      expect(encodeCustomerState(fromSnapshot.state)).toBe(encodeCustomerState(original.state));
      recorded += original.events.length;
      state = original.state;
    }
    // The life went through every part it was written for: a full stamp card's voucher, the gift, the return.
    const types = new Set(foldEvents().map((event) => event.type));
    expect([...types].sort()).toEqual(
      ['CustomerEnrolled', 'FeedbackSubmitted', 'PointsEarned', 'PointsReversed', 'PurchaseRecorded', 'RedemptionCancelled', 'ReturnRecorded', 'RewardRedeemed', 'StampsCollected', 'StampsTakenBack', 'VoucherIssued'].sort(),
    );
    expect(recorded).toBe(foldEvents().length);
  });

  it('names the fold that wrote it, the same in every process', () => {
    expect(customerStateFold()).toMatch(/^[0-9a-f]{16}$/);
    expect(customerStateFold()).toBe(customerStateFold());
  });
});

function foldEvents() {
  let state: CustomerState = initialCustomerState();
  return LIFE.flatMap((command) => {
    const decided = decideAndEvolveCustomer(command, state);
    state = decided.state;
    return decided.events;
  });
}
