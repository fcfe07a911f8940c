import { describeLedgerEntry } from './ledger-words';

describe('console ledger timeline: each event in a line', () => {
  const spaced = (text: string) => text.replace(/\s/g, ' ');

  it('a return names its receipt and refund, and the goods when it was returned by line', () => {
    expect(spaced(describeLedgerEntry({ type: 'ReturnRecorded', data: { receiptId: 'R-1', amount: 300_000 } }, 'IDR', 'id-ID'))).toBe('of receipt R-1, Rp 300.000');
    expect(
      spaced(
        describeLedgerEntry(
          { type: 'ReturnRecorded', data: { receiptId: 'R-2', amount: 75_000, lines: [{ sku: 'KOPI-SUSU', quantity: 2 }, { sku: 'ROTI', quantity: 1 }] } },
          'IDR',
          'id-ID',
        ),
      ),
    ).toBe('of receipt R-2, Rp 75.000: 2 × KOPI-SUSU, 1 × ROTI');
  });

  it('points, purchases and redemptions with their figures in the reader\'s locale', () => {
    expect(spaced(describeLedgerEntry({ type: 'PurchaseRecorded', data: { receiptId: 'R-3', total: 1_250 } }, 'MYR', 'en-MY'))).toBe('receipt R-3, RM 12.50');
    expect(describeLedgerEntry({ type: 'PointsEarned', data: { points: 1_200, reason: 'purchase' } }, 'IDR', 'id-ID')).toBe('+1.200 points (purchase)');
    expect(describeLedgerEntry({ type: 'PointsReversed', data: { points: 30 } }, 'IDR', 'en')).toBe('−30 points');
    expect(describeLedgerEntry({ type: 'RewardRedeemed', data: { rewardId: 'COFFEE', points: 100 } }, 'IDR', 'en')).toBe('COFFEE for 100 points');
    expect(describeLedgerEntry({ type: 'SomethingNew', data: {} }, 'IDR', 'en')).toBe('');
  });
});
