import type { CustomerEvent } from '../customer.events';
import { foldCustomer } from '../customer.state';
import { InvalidProgram } from '../errors';
import { customerSpec } from '../testing/decider-spec';
import { cancel, earned, enrolled, passTime, program, purchase, purchased, redeemed, sampleProgram } from '../testing/fixtures';
import type { PointsExpirySettings } from './points-expiry';
import { lotExpiresAt } from './points-expiry';
import { tillFacts, validateProgram } from './registry';

const expiry = (settings: Partial<PointsExpirySettings> = {}, change = {}) => program({ pointsExpiry: { afterMonths: 6, noticeDays: 0, ...settings }, ...change });
const END = '2026-12-15T17:00:00.000Z'; // the end of 15 December in Jakarta
const lot: CustomerEvent[] = [enrolled(), purchased(), earned({ points: 100, expiresAt: END })];
const expired = (points: number, occurredAt = END, lotId = 1, expiresAt = END): CustomerEvent => ({
  type: 'PointsExpired',
  data: { points, lots: [{ lotId, points, expiresAt }], occurredAt, programRevision: 3 },
});
const noticed = (points: number, occurredAt: string): CustomerEvent => ({
  type: 'PointsExpiringSoon',
  data: { points, expiresAt: END, lots: [{ lotId: 1, points, expiresAt: END }], occurredAt, programRevision: 3 },
});

describe('points expiry', () => {
  it('a lot expires at the end of the local day six months after it was earned: nothing before, what is left then', () => {
    customerSpec.given(lot).when(passTime('2026-12-15T16:59:59.999Z', expiry())).thenNothing();
    customerSpec.given(lot).when(passTime(END, expiry())).then([expired(100)]);
  });

  it('the same earn instant expires at the end of a different day in Jakarta and in Jayapura (the tenant\'s zone)', () => {
    const lateEvening = '2026-06-15T16:30:00.000Z'; // 23:30 in Jakarta, 01:30 the next day in Jayapura
    const settings = { afterMonths: 6, noticeDays: 0 };
    expect(lotExpiresAt(settings, lateEvening, 'Asia/Jakarta')).toBe('2026-12-15T17:00:00.000Z');
    expect(lotExpiresAt(settings, lateEvening, 'Asia/Jayapura')).toBe('2026-12-16T15:00:00.000Z');
    customerSpec
      .given([enrolled()])
      .when(purchase({ occurredAt: lateEvening, now: lateEvening, program: expiry({}, { timeZone: 'Asia/Jayapura' }) }))
      .then([purchased({ occurredAt: lateEvening }), earned({ points: 100, occurredAt: lateEvening, expiresAt: '2026-12-16T15:00:00.000Z' })]);
  });

  it('only what is left of a lot expires: points spent from it are not taken again', () => {
    customerSpec
      .given([...lot, redeemed({ points: 70, lots: [{ lotId: 1, points: 70, expiresAt: END }] })])
      .when(passTime('2027-01-01T00:00:00.000Z', expiry()))
      .then([expired(30)]);
    customerSpec.given([...lot, redeemed({ points: 100, lots: [{ lotId: 1, points: 100, expiresAt: END }] })]).when(passTime('2027-01-01T00:00:00.000Z', expiry())).thenNothing();
  });

  it('noticeDays before the expiry the member is told, once per expiry date', () => {
    const noticeAt = '2026-11-15T17:00:00.000Z'; // the start of 16 November in Jakarta: 30 days before the end of 15 December
    customerSpec.given(lot).when(passTime('2026-11-15T16:59:59.999Z', expiry({ noticeDays: 30 }))).thenNothing();
    customerSpec.given(lot).when(passTime(noticeAt, expiry({ noticeDays: 30 }))).then([noticed(100, noticeAt)]);
    customerSpec.given([...lot, noticed(100, noticeAt)]).when(passTime('2026-12-01T00:00:00.000Z', expiry({ noticeDays: 30 }))).thenNothing();
  });

  it('after downtime, what fell due is decided in order, each dated when it fell due', () => {
    customerSpec
      .given(lot)
      .when(passTime('2026-12-18T10:00:00.000Z', expiry({ noticeDays: 30 })))
      .then([noticed(100, '2026-11-15T17:00:00.000Z'), expired(100)]);
  });

  it('a program change never expires points retroactively: a lot earned without an expiry keeps none', () => {
    customerSpec.given([enrolled(), purchased(), earned({ points: 100 })]).when(passTime('2030-01-01T00:00:00.000Z', expiry({ noticeDays: 30 }))).thenNothing();
  });

  it('a program without expiry expires nothing, even a lot that had an expiry', () => {
    customerSpec.given(lot).when(passTime('2030-01-01T00:00:00.000Z')).thenNothing();
  });

  it('a redemption cancelled after one of its lots expired gives the points back, and those of the expired lot expire at once', () => {
    const laterEnd = '2027-01-10T17:00:00.000Z';
    const twoLots: CustomerEvent[] = [
      ...lot,
      purchased({ receiptId: 'r-2', occurredAt: '2026-07-10T03:00:00.000Z' }),
      earned({ points: 100, receiptId: 'r-2', occurredAt: '2026-07-10T03:00:00.000Z', expiresAt: laterEnd }),
      redeemed({ points: 150, lots: [{ lotId: 1, points: 100, expiresAt: END }, { lotId: 2, points: 50, expiresAt: laterEnd }] }),
    ];
    const cancelledAt = '2026-12-20T02:00:00.000Z';
    customerSpec
      .given(twoLots)
      .when(cancel({ now: cancelledAt, program: expiry() }))
      .then([
        {
          type: 'RedemptionCancelled',
          data: { redemptionId: 'red-1', storeId: 'jkt-1', points: 150, lots: [{ lotId: 1, points: 100, expiresAt: END }, { lotId: 2, points: 50, expiresAt: laterEnd }], occurredAt: cancelledAt },
        },
        expired(100, cancelledAt),
      ]);
  });

  it.each([
    ['no months', { afterMonths: 0, noticeDays: 0 }, 'pointsExpiry.afterMonths'],
    ['a notice longer than the points last', { afterMonths: 1, noticeDays: 28 }, 'pointsExpiry.noticeDays'],
    ['a negative notice', { afterMonths: 12, noticeDays: -1 }, 'pointsExpiry.noticeDays'],
  ])('refuses %s, naming the field', (_case, settings, field) => {
    expect(() => validateProgram(sampleProgram({ pointsExpiry: settings }))).toThrow(InvalidProgram);
    expect(() => validateProgram(sampleProgram({ pointsExpiry: settings }))).toThrow(expect.objectContaining({ field }));
  });

  it('the till is shown what is left of the lots by expiry date, the next three first; nothing without expiry in the program', () => {
    const at = (month: number) => `2026-${String(month).padStart(2, '0')}-15T17:00:00.000Z`;
    const lots = [7, 8, 9, 10].map((month, i) => earned({ points: 10 * (i + 1), receiptId: `r-${i}`, expiresAt: at(month) }));
    const customer = foldCustomer([enrolled(), ...lots, redeemed({ points: 5, lots: [{ lotId: 1, points: 5, expiresAt: at(7) }] })]);
    expect(tillFacts(customer, expiry().rules, '2026-06-20T00:00:00.000Z').expiring).toEqual([
      { points: 5, expiresAt: at(7) },
      { points: 20, expiresAt: at(8) },
      { points: 30, expiresAt: at(9) },
    ]);
    expect(tillFacts(customer, program().rules, '2026-06-20T00:00:00.000Z').expiring).toEqual([]);
  });
});
