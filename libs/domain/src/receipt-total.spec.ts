import { LineDiscountTooLarge, TotalMismatch } from './errors';
import { checkReceiptTotal, totalOfReceipt } from './receipt-total';

const line = (quantity: number, unitPrice: number, discount?: number) => ({ sku: 'KOPI', quantity, unitPrice, ...(discount !== undefined && { discount }) });

describe('a receipt\'s total follows from its lines, discounts and charges', () => {
  it('the lines alone: quantity × unitPrice, added up', () => {
    expect(totalOfReceipt({ lines: [line(5, 300_000), line(1, 25_000)] })).toBe(1_525_000n);
  });

  it('a line\'s own discount comes off that line', () => {
    expect(totalOfReceipt({ lines: [line(3, 25_000, 5_000), line(1, 10_000)] })).toBe(80_000n);
  });

  it('basket discounts come off the receipt, and a service charge and tax not in the prices are added', () => {
    const receipt = {
      lines: [line(2, 50_000, 10_000)],
      discounts: [{ amount: 9_000, description: 'member price' }],
      charges: [{ kind: 'serviceCharge' as const, amount: 8_100 }, { kind: 'tax' as const, amount: 8_910 }],
    };
    expect(totalOfReceipt(receipt)).toBe(98_010n);
    expect(() => checkReceiptTotal({ ...receipt, total: 98_010 })).not.toThrow();
  });

  it('a total the receipt does not add up to is refused naming total', () => {
    expect(() => checkReceiptTotal({ total: 999_999, lines: [line(1, 100_000)] })).toThrow(TotalMismatch);
    try {
      checkReceiptTotal({ total: 999_999, lines: [line(1, 100_000)] });
    } catch (error) {
      expect((error as TotalMismatch).field).toBe('total');
      expect((error as TotalMismatch).message).toBe(
        'total 999999 is not what the receipt adds up to: the lines (quantity × unitPrice − discount), less the basket discounts and the member\'s offers and tier discount, plus the charges make 100000',
      );
    }
  });

  it('a line discount larger than the line is refused naming the line', () => {
    try {
      checkReceiptTotal({ total: 1, lines: [line(1, 100), line(2, 100, 201)] });
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(LineDiscountTooLarge);
      expect((error as LineDiscountTooLarge).field).toBe('lines[1].discount');
      expect((error as LineDiscountTooLarge).message).toBe('lines[1].discount 201 is more than the line\'s price (quantity × unitPrice = 200)');
    }
  });

  it('adds exactly past 2^53 (1,000 lines of large prices)', () => {
    const lines = Array.from({ length: 1000 }, () => line(1_000_000, 9_000_000_000_000));
    expect(totalOfReceipt({ lines })).toBe(9_000_000_000_000_000_000_000n);
  });
});
