import type { CancelVoucherUse, UseVoucher, VoucherIssued, VoucherOffer } from './vouchers';
import { VoucherAlreadyUsed, VoucherExpired, VoucherNotFound, VoucherNotUsed, VoucherWithdrawn, voucherValidUntil } from './vouchers';
import { InsufficientPoints, UnknownStore } from '../errors';
import { customerSpec } from '../testing/decider-spec';
import { cancel, memberWith, NOW, program, redeem, redeemed, sampleProgram } from '../testing/fixtures';
import { validateProgram } from './registry';

const CAKE: VoucherOffer = { rewardId: 'free-cake', points: 150, reward: { voucher: { kind: 'freeItem', category: 'cakes' }, validDays: 7 } };
const withOffers = program({ vouchers: [CAKE, { rewardId: 'rp-50k', points: 400, reward: { voucher: { kind: 'amountOff', amount: 50_000 }, validDays: 30 } }] });

/** NOW is 17:00 in Jakarta on 15 June: seven local days after, to the end of 22 June. */
const CAKE_UNTIL = '2026-06-22T17:00:00.000Z';
const cakeIssued: VoucherIssued = {
  type: 'VoucherIssued',
  data: {
    voucherId: 'redemption:red-1',
    benefit: { kind: 'freeItem', category: 'cakes' },
    validUntil: CAKE_UNTIL,
    source: { rule: 'vouchers', id: 'free-cake' },
    redemptionId: 'red-1',
    storeId: 'jkt-1',
    occurredAt: NOW,
    programRevision: 3,
  },
};
const bought = [...memberWith(200), redeemed({ rewardId: 'free-cake', points: 150 }), cakeIssued];

const use = (data: Partial<UseVoucher['data']> = {}): UseVoucher => ({
  type: 'UseVoucher',
  data: { customerId: 'cust-1', voucherId: 'redemption:red-1', storeId: 'jkt-1', receiptId: 'r-7', now: '2026-06-16T02:00:00.000Z', program: program(), ...data },
});
const used = (data: Partial<{ storeId: string; receiptId: string; occurredAt: string }> = {}) => ({
  type: 'VoucherUsed' as const,
  data: { voucherId: 'redemption:red-1', storeId: 'jkt-1', receiptId: 'r-7', occurredAt: '2026-06-16T02:00:00.000Z', programRevision: 3, ...data },
});
const cancelUse = (data: Partial<CancelVoucherUse['data']> = {}): CancelVoucherUse => ({
  type: 'CancelVoucherUse',
  data: { customerId: 'cust-1', voucherId: 'redemption:red-1', now: '2026-06-16T02:05:00.000Z', program: program(), ...data },
});

describe('the voucher wallet', () => {
  it('a member buys a voucher with points: the points are taken and the voucher is in the wallet, valid to the end of the local day validDays on', () => {
    customerSpec
      .given(memberWith(200))
      .when(redeem({ rewardId: 'free-cake', program: withOffers }))
      .then([redeemed({ rewardId: 'free-cake', points: 150 }), cakeIssued]);
  });

  it('a voucher for more points than the member has is refused', () => {
    customerSpec.given(memberWith(100)).when(redeem({ rewardId: 'free-cake', program: withOffers })).thenThrows(InsufficientPoints);
  });

  it('is valid until the end of the local day: 23:30 in Jayapura is already the next day', () => {
    expect(voucherValidUntil(0, '2026-06-15T14:30:00.000Z', 'Asia/Jakarta')).toBe('2026-06-15T17:00:00.000Z');
    expect(voucherValidUntil(0, '2026-06-15T14:30:00.000Z', 'Asia/Jayapura')).toBe('2026-06-15T15:00:00.000Z');
    expect(voucherValidUntil(0, '2026-06-15T15:30:00.000Z', 'Asia/Jayapura')).toBe('2026-06-16T15:00:00.000Z');
  });

  it('a till uses it once; the same till\'s retry records nothing; another use is refused with when it was used', () => {
    customerSpec.given(bought).when(use()).then([used()]);
    customerSpec.given([...bought, used()]).when(use()).thenNothing();
    customerSpec
      .given([...bought, used()])
      .when(use({ receiptId: 'r-8' }))
      .thenThrows(VoucherAlreadyUsed, { field: 'code', message: 'code: the voucher was used already, at 2026-06-16T02:00:00.000Z' });
  });

  it('an expired, withdrawn or unknown voucher is refused, and a use at a store not in the program', () => {
    customerSpec.given(bought).when(use({ now: CAKE_UNTIL })).thenThrows(VoucherExpired, { field: 'code' });
    customerSpec
      .given([...bought, { type: 'VoucherVoided', data: { voucherId: 'redemption:red-1', reason: 'cancellation', redemptionId: 'red-1', storeId: 'jkt-1', occurredAt: NOW, programRevision: 3 } }])
      .when(use())
      .thenThrows(VoucherWithdrawn, { field: 'code' });
    customerSpec.given(bought).when(use({ voucherId: 'card:X:1' })).thenThrows(VoucherNotFound, { field: 'code' });
    customerSpec.given(bought).when(use({ storeId: 'nowhere' })).thenThrows(UnknownStore, { field: 'storeId' });
  });

  it('a use is cancelled once; the voucher may then be used again', () => {
    const cancelled = { type: 'VoucherUseCancelled' as const, data: { voucherId: 'redemption:red-1', storeId: 'jkt-1', receiptId: 'r-7', occurredAt: '2026-06-16T02:05:00.000Z', programRevision: 3 } };
    customerSpec.given([...bought, used()]).when(cancelUse()).then([cancelled]);
    customerSpec.given([...bought, used(), cancelled]).when(cancelUse()).thenThrows(VoucherNotUsed, { field: 'code' });
    customerSpec.given(bought).when(cancelUse()).thenThrows(VoucherNotUsed);
    customerSpec.given([...bought, used(), cancelled]).when(use({ receiptId: 'r-9' })).then([used({ receiptId: 'r-9' })]);
  });

  it('cancelling the redemption withdraws its unused voucher; once the voucher was used, the cancellation is refused', () => {
    customerSpec
      .given(bought)
      .when(cancel({ program: withOffers }))
      .then([
        { type: 'RedemptionCancelled', data: { redemptionId: 'red-1', storeId: 'jkt-1', points: 150, lots: [{ lotId: 1, points: 150 }], occurredAt: NOW } },
        { type: 'VoucherVoided', data: { voucherId: 'redemption:red-1', reason: 'cancellation', redemptionId: 'red-1', storeId: 'jkt-1', occurredAt: NOW, programRevision: 3 } },
      ]);
    customerSpec.given([...bought, used()]).when(cancel({ program: withOffers })).thenThrows(VoucherAlreadyUsed);
  });

  it('a redemption cancelled after the program stopped selling vouchers still withdraws the voucher it bought', () => {
    customerSpec
      .given(bought)
      .when(cancel({ program: program() }))
      .then([
        { type: 'RedemptionCancelled', data: { redemptionId: 'red-1', storeId: 'jkt-1', points: 150, lots: [{ lotId: 1, points: 150 }], occurredAt: NOW } },
        { type: 'VoucherVoided', data: { voucherId: 'redemption:red-1', reason: 'cancellation', redemptionId: 'red-1', storeId: 'jkt-1', occurredAt: NOW, programRevision: 3 } },
      ]);
  });

  it('refuses offers that make no sense, naming the field', () => {
    expect(() => validateProgram(sampleProgram({ vouchers: [CAKE] }))).not.toThrow();
    expect(() => validateProgram(sampleProgram({ vouchers: [{ ...CAKE, rewardId: 'coffee' }] }))).toThrow(expect.objectContaining({ field: 'vouchers[0].rewardId' }));
    expect(() => validateProgram(sampleProgram({ vouchers: [{ ...CAKE, points: 0 }] }))).toThrow(expect.objectContaining({ field: 'vouchers[0].points' }));
    expect(() => validateProgram(sampleProgram({ vouchers: [{ ...CAKE, reward: { voucher: { kind: 'amountOff', amount: 0 }, validDays: 1 } }] }))).toThrow(
      expect.objectContaining({ field: 'vouchers[0].reward.voucher.amount' }),
    );
    expect(() => validateProgram(sampleProgram({ vouchers: [{ ...CAKE, reward: { voucher: { kind: 'amountOff', amount: 10, percent: 5 } as never, validDays: 1 } }] }))).toThrow(
      expect.objectContaining({ field: 'vouchers[0].reward.voucher.percent' }),
    );
  });
});
