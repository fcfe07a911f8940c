import { CurrencyMismatch, IdAlreadyUsed, OccurredInFuture, ReceiptBeforeTenant, ReceiptTooLate, UnknownStore } from './errors';
import { customerSpec } from './testing/decider-spec';
import { earned, enrolled, NOW, program, purchase, purchased, tierChanged } from './testing/fixtures';

const AT = '2026-06-15T09:00:00.000Z';

describe('purchase by a member', () => {
  it('a member earns floor(total / spend per point) points in the first tier', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ total: 1_239_999 }))
      .then([purchased({ total: 1_239_999 }), earned({ points: 123, tier: 'Bronze' })]);
  });

  it('a member earns points with the multiplier of the tier held before the purchase', () => {
    customerSpec
      .given([
        enrolled(),
        purchased({ receiptId: 'r-0', total: 5_000_000, occurredAt: '2026-02-01T05:00:00.000Z' }),
        earned({ points: 500, receiptId: 'r-0', occurredAt: '2026-02-01T05:00:00.000Z' }),
        tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 5_000_000, occurredAt: '2026-02-01T05:00:00.000Z' }),
      ])
      .when(purchase({ total: 1_239_999 }))
      .then([purchased({ total: 1_239_999 }), earned({ points: 153, tier: 'Silver' })]); // floor(123 × 1.25)
  });

  it('a purchase worth less than one point records the purchase and earns nothing', () => {
    customerSpec.given([enrolled()]).when(purchase({ total: 9_999 })).then([purchased({ total: 9_999 })]);
  });

  it('the purchase and its points record the program revision they used', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ program: program({ earn: { spendPerPoint: 5_000 } }, 8) }))
      .then([purchased({ programRevision: 8 }), earned({ points: 200, programRevision: 8 })]);
  });
});

describe('tiers', () => {
  const bought4m = [
    enrolled(),
    purchased({ receiptId: 'r-0', total: 4_000_000, occurredAt: '2026-02-01T05:00:00.000Z' }),
    earned({ points: 400, receiptId: 'r-0', occurredAt: '2026-02-01T05:00:00.000Z' }),
  ];

  it('a member moves up as soon as 12-month net spend reaches a threshold; this purchase still earns at the old tier', () => {
    customerSpec
      .given(bought4m)
      .when(purchase({ total: 1_239_999 }))
      .then([
        purchased({ total: 1_239_999 }),
        earned({ points: 123, tier: 'Bronze' }),
        tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 5_239_999, occurredAt: AT }),
      ]);
  });

  it('the new tier is effective from the next purchase', () => {
    customerSpec
      .given([
        ...bought4m,
        purchased({ total: 1_239_999 }),
        earned({ points: 123, tier: 'Bronze' }),
        tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 5_239_999, occurredAt: AT }),
      ])
      .when(purchase({ receiptId: 'r-2', total: 100_000, occurredAt: '2026-06-15T09:10:00.000Z' }))
      .then([
        purchased({ receiptId: 'r-2', total: 100_000, occurredAt: '2026-06-15T09:10:00.000Z' }),
        earned({ points: 12, tier: 'Silver', receiptId: 'r-2', occurredAt: '2026-06-15T09:10:00.000Z' }), // floor(10 × 1.25)
      ]);
  });

  it('a purchase that reaches two thresholds at once moves the member straight to the higher tier', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ total: 10_000_000 }))
      .then([
        purchased({ total: 10_000_000 }),
        earned({ points: 1_000, tier: 'Bronze' }),
        tierChanged({ from: 'Bronze', to: 'Gold', qualifyingSpend: 10_000_000, occurredAt: AT }),
      ]);
  });

  it('spend within the last 12 months counts towards the next tier', () => {
    customerSpec
      .given([
        enrolled({ enrolledAt: '2025-05-01T00:00:00.000Z' }),
        purchased({ receiptId: 'r-0', total: 4_000_000, occurredAt: '2025-06-15T09:00:01.000Z' }),
      ])
      .when(purchase({ total: 1_000_000 }))
      .then([
        purchased(),
        earned({ points: 100 }),
        tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 5_000_000, occurredAt: AT }),
      ]);
  });

  it('spend older than 12 months no longer counts towards a tier', () => {
    customerSpec
      .given([
        enrolled({ enrolledAt: '2025-05-01T00:00:00.000Z' }),
        purchased({ receiptId: 'r-0', total: 4_000_000, occurredAt: '2025-06-15T09:00:00.000Z' }),
      ])
      .when(purchase({ total: 1_000_000 }))
      .then([purchased(), earned({ points: 100 })]);
  });

  it('a purchase posted late by an offline till does not take away a tier that later spend reached', () => {
    customerSpec
      .given([
        enrolled(),
        purchased({ receiptId: 'r-0', total: 5_200_000, occurredAt: '2026-03-01T05:00:00.000Z' }),
        earned({ points: 520, receiptId: 'r-0', occurredAt: '2026-03-01T05:00:00.000Z' }),
        tierChanged({ from: 'Bronze', to: 'Silver', qualifyingSpend: 5_200_000, occurredAt: '2026-03-01T05:00:00.000Z' }),
      ])
      .when(purchase({ total: 100_000, occurredAt: '2026-02-01T05:00:00.000Z' }))
      .then([
        purchased({ total: 100_000, occurredAt: '2026-02-01T05:00:00.000Z' }),
        earned({ points: 12, tier: 'Silver', occurredAt: '2026-02-01T05:00:00.000Z' }),
      ]);
  });
});

describe('purchase by a customer who is not a member', () => {
  it('a non-member earns nothing, but the purchase is recorded', () => {
    customerSpec.given([]).when(purchase()).then([purchased()]);
  });

  it('a non-member reaching a tier threshold gets no tier', () => {
    customerSpec.given([purchased({ receiptId: 'r-0' })]).when(purchase({ total: 20_000_000 })).then([purchased({ total: 20_000_000 })]);
  });
});

describe('purchase refused', () => {
  it('a store that is not in the program is refused', () => {
    customerSpec.given([enrolled()]).when(purchase({ storeId: 'sby-9' })).thenThrows(UnknownStore, { field: 'storeId' });
  });

  it('a currency other than the program’s is refused', () => {
    customerSpec.given([enrolled()]).when(purchase({ currency: 'MYR' })).thenThrows(CurrencyMismatch, { field: 'currency' });
  });

  it('a purchase dated in the future is refused', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ occurredAt: '2026-06-15T10:05:01.000Z' }))
      .thenThrows(OccurredInFuture, { field: 'occurredAt' });
  });

  it('a receipt posted more days after its purchase than the program\'s lateReceiptDays is refused, naming occurredAt', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ occurredAt: '2026-05-16T09:59:59.999Z', program: program({ lateReceiptDays: 30 }) }))
      .thenThrows(ReceiptTooLate, { field: 'occurredAt', message: 'occurredAt: 2026-05-16T09:59:59.999Z is more than 30 days ago, more than the program takes a receipt late (lateReceiptDays)' });
  });

  it('a receipt posted exactly lateReceiptDays after its purchase is still recorded', () => {
    const occurredAt = '2026-05-16T10:00:00.000Z';
    customerSpec
      .given([enrolled()])
      .when(purchase({ occurredAt, program: program({ lateReceiptDays: 30 }) }))
      .then([purchased({ occurredAt }), earned({ points: 100, occurredAt })]);
  });

  it('a receipt from before the tenant\'s first receipts is refused, naming occurredAt; one from then on is recorded', () => {
    customerSpec
      .given([enrolled()])
      .when(purchase({ occurredAt: '2026-06-01T09:59:59.999Z', receiptsSince: '2026-06-01T10:00:00.000Z' }))
      .thenThrows(ReceiptBeforeTenant, {
        field: 'occurredAt',
        message: 'occurredAt: 2026-06-01T09:59:59.999Z is before the tenant\'s first receipts (2026-06-01T10:00:00.000Z): a purchase from before the chain joined is not its program\'s',
      });
    const occurredAt = '2026-06-01T10:00:00.000Z';
    customerSpec
      .given([enrolled()])
      .when(purchase({ occurredAt, receiptsSince: occurredAt }))
      .then([purchased({ occurredAt }), earned({ points: 100, occurredAt })]);
  });

  it('without lateReceiptDays a receipt may be a year late, not more: one dated 1970 is refused', () => {
    const yearAgo = '2025-06-15T10:00:00.000Z';
    customerSpec.given([enrolled()]).when(purchase({ occurredAt: yearAgo })).then([purchased({ occurredAt: yearAgo }), earned({ points: 100, occurredAt: yearAgo })]);
    customerSpec
      .given([enrolled()])
      .when(purchase({ occurredAt: '1970-01-01T00:00:00.000Z' }))
      .thenThrows(ReceiptTooLate, { field: 'occurredAt' });
  });

  it("a till's clock up to 5 minutes ahead is tolerated", () => {
    const occurredAt = '2026-06-15T10:05:00.000Z';
    expect(NOW).toBe('2026-06-15T10:00:00.000Z');
    customerSpec
      .given([enrolled()])
      .when(purchase({ occurredAt }))
      .then([purchased({ occurredAt }), earned({ points: 100, occurredAt })]);
  });
});

describe('the same receipt posted again', () => {
  const recorded = [enrolled(), purchased(), earned({ points: 100 })];

  it('with the same details decides nothing, so a till can retry', () => {
    customerSpec.given(recorded).when(purchase()).thenNothing();
  });

  it('days later, under a newer program, still decides nothing', () => {
    customerSpec
      .given(recorded)
      .when(purchase({ now: '2026-06-20T00:00:00.000Z', program: program({ earn: { spendPerPoint: 1 } }, 9) }))
      .thenNothing();
  });

  it.each([
    ['another total', { total: 1_000_001 }],
    ['another store', { storeId: 'mks-1' }],
    ['another time', { occurredAt: '2026-06-15T09:00:01.000Z' }],
    ['another currency', { currency: 'MYR' }],
    ['other lines', { lines: [{ sku: 'rice-5kg', quantity: 2, unitPrice: 75_000 }] }],
  ])('with %s is refused: the receipt id is already used', (_what, change) => {
    customerSpec.given(recorded).when(purchase(change)).thenThrows(IdAlreadyUsed, { field: 'receiptId' });
  });
});
