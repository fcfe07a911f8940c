import { Logger } from '@nestjs/common';
import { PROGRAM } from './support/program';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { main } from '../apps/cli/src/main';

const T = '/v1/tenants/waktu';
/** Local times in Jakarta, where the tenant's head office is. */
const jkt = (local: string) => `${local}+07:00`;
const utc = (local: string) => new Date(jkt(local)).toISOString();

/**
 * A year of a sandbox tenant, driven by its clock: purchases, a redemption and a return, points
 * that expire by lot, a birthday month and tier reviews, with exact balances, lots, tiers and
 * dashboard figures at each step. Every time-driven decision is made when the clock moves.
 */
describe('a year on a sandbox tenant, driven by its clock', () => {
  let setia: TestApp;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    setia = await startSetia();
  });
  afterAll(() => setia.close());

  const at = async (local: string) => {
    const moved = await setia.request('PUT', `${T}/clock`, { now: jkt(local) });
    expect(moved.status).toBe(200);
    return moved.body;
  };
  const customer = async (id: string) => (await setia.request('GET', `${T}/customers/${id}`)).body;
  const lots = async (id: string) => (await setia.request('GET', `${T}/customers/${id}/lots`)).body.lots;
  const buy = async (customerId: string, receiptId: string, local: string, total: number) => {
    const answer = await setia.request('POST', `${T}/purchases`, {
      receiptId,
      storeId: 'JKT-01',
      customerId,
      occurredAt: jkt(local),
      currency: 'IDR',
      total,
      lines: [{ sku: 'KOPI', quantity: 1, unitPrice: total }],
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };

  it('a sandbox tenant starts with its clock at its creation; other tenants have no clock', async () => {
    const created = (await setia.request('POST', '/v1/tenants', { tenantId: 'waktu', sandbox: true })).body;
    // Its receipts begin when it was created, the start of its clock.
    expect(created).toEqual({ tenantId: 'waktu', sandbox: true, receiptsSince: (await setia.request('GET', '/v1/tenants/waktu/clock')).body.now });
    const clock = await setia.request('GET', `${T}/clock`);
    expect(clock.status).toBe(200);
    expect(Math.abs(Date.parse(clock.body.now) - Date.now())).toBeLessThan(60_000);
    expect((await setia.request('GET', '/v1/tenants/biasa/clock')).status).toBe(404);
    expect((await setia.request('PUT', '/v1/tenants/biasa/clock', { now: jkt('2030-01-01T00:00:00') })).status).toBe(404);
  });

  it('the clock moves forward only, and the program and the members are dated by it', async () => {
    expect(await at('2030-01-01T09:00:00')).toMatchObject({ now: utc('2030-01-01T09:00:00'), customersDecided: 0 });
    const back = await setia.request('PUT', `${T}/clock`, { now: jkt('2029-12-31T09:00:00') });
    expect(back).toMatchObject({ status: 409, body: { field: 'now' } });
    const program = {
      ...PROGRAM,
      pointsExpiry: { afterMonths: 3, noticeDays: 7 },
      tierReview: { holdMonths: 2 },
      birthday: { bonus: 50, multiplier: 2 },
      pointValue: 100,
    };
    expect((await setia.request('PUT', `${T}/program`, program)).status).toBe(200);
    const enrolled = await setia.request('POST', `${T}/members`, { customerId: 'ani', cardNumber: '6001 7001', birthday: '1990-04-17', homeStoreId: 'JKT-01' });
    expect(enrolled).toMatchObject({ status: 201, body: { enrolledAt: utc('2030-01-01T09:00:00'), tier: 'Silver', points: 0 } });
  });

  it('January: purchases make lots that expire at the end of the local day three months on', async () => {
    await at('2030-01-10T12:00:00');
    expect(await buy('ani', 'W-1', '2030-01-10T11:00:00', 600_000)).toMatchObject({ pointsEarned: 60, points: 60, tier: 'Silver' });
    expect(await buy('ani', 'W-2', '2030-01-10T11:30:00', 500_000)).toMatchObject({ pointsEarned: 50, points: 110, tier: 'Gold', tierChanged: { from: 'Silver', to: 'Gold' } });
    expect(await lots('ani')).toEqual([
      expect.objectContaining({ lotId: 1, receiptId: 'W-1', earned: 60, left: 60, expiresAt: utc('2030-04-11T00:00:00') }),
      expect.objectContaining({ lotId: 2, receiptId: 'W-2', earned: 50, left: 50, expiresAt: utc('2030-04-11T00:00:00') }),
    ]);
    expect((await customer('ani')).expiring).toEqual([{ points: 110, expiresAt: utc('2030-04-11T00:00:00') }]);
    // The liability in money: 110 points at Rp 100, all expiring in April, none closed yet.
    const liability = await eventually(async () => {
      const answer = (await setia.request('GET', `${T}/dashboards/points-liability`)).body;
      return answer.outstanding === 110 ? answer : undefined;
    }, 10_000);
    const april = [0, 0, 0, 110, 0, 0, 0, 0, 0, 0, 0, 0].map((points, k) => ({ month: `2030-${String(k + 1).padStart(2, '0')}`, points }));
    expect(liability).toMatchObject({ outstanding: 110, value: 11_000, breakageRate: null, deferredRevenue: 11_000, pointValue: 100, expiring: april });
    expect(liability.byTier.find((row: { tier: string }) => row.tier === 'Gold')).toMatchObject({ outstanding: 110, value: 11_000, expiring: april });
  });

  it('February: a redemption takes the earliest-expiring lots; March: the tier is reviewed after its hold', async () => {
    await at('2030-02-15T10:00:00');
    const redeemed = await setia.request('POST', `${T}/redemptions`, { redemptionId: 'RD-1', customerId: 'ani', rewardId: 'COFFEE', storeId: 'JKT-01' });
    expect(redeemed).toMatchObject({ status: 201, body: { points: 10, pointsRedeemed: 100 } });
    expect((await lots('ani')).map((lot: { lotId: number; used: number; left: number }) => [lot.lotId, lot.used, lot.left])).toEqual([
      [1, 60, 0],
      [2, 40, 10],
    ]);
    // Gold since 10 January, held two months: the first review is on 1 April.
    expect(await at('2030-03-31T23:00:00')).toMatchObject({ customersDecided: 0 });
  });

  it('April: the birth month starts with its bonus, the review keeps Gold, a notice came on 4 April and the lots expire on 11 April', async () => {
    const april = await at('2030-04-12T00:00:00');
    expect(april.customersDecided).toBe(1);
    const events = (await setia.request('GET', `${T}/customers/ani/ledger`)).body.events as Array<{ type: string; data: { occurredAt?: string; points?: number; reason?: string } }>;
    const sinceRedemption = events.slice(events.findIndex((event) => event.type === 'RewardRedeemed') + 1);
    expect(sinceRedemption.map((event) => [event.type, event.data.occurredAt, event.data.points ?? null])).toEqual([
      ['BirthdayMonthStarted', utc('2030-04-01T00:00:00'), null],
      ['PointsEarned', utc('2030-04-01T00:00:00'), 50],
      ['TierReviewed', utc('2030-04-01T00:00:00'), null],
      ['PointsExpiringSoon', utc('2030-04-04T00:00:00'), 10],
      ['PointsExpired', utc('2030-04-11T00:00:00'), 10],
    ]);
    expect(await customer('ani')).toMatchObject({ points: 50, tier: 'Gold', lifetimeExpired: 10, expiring: [{ points: 50, expiresAt: utc('2030-07-02T00:00:00') }] });
    await eventually(async () => {
      const liability = (await setia.request('GET', `${T}/dashboards/points-liability`)).body;
      return liability.expired === 10 ? liability : undefined;
    }, 10_000);
  });

  it('April: a purchase in the birth month earns double; May: a return of a purchase whose lot expired takes from the lots left', async () => {
    await at('2030-04-20T12:00:00');
    expect(await buy('ani', 'W-3', '2030-04-20T11:00:00', 400_000)).toMatchObject({
      pointsEarned: 60,
      earned: [{ reason: 'purchase', points: 60 }, { reason: 'birthday-month', points: 60 }],
      points: 170,
    });
    await at('2030-05-05T10:00:00');
    const back = await setia.request('POST', `${T}/returns`, { returnId: 'RT-1', receiptId: 'W-2', storeId: 'JKT-01', customerId: 'ani', occurredAt: jkt('2030-05-05T09:00:00'), amount: 500_000 });
    // W-2 earned 50 at Silver; its lot expired with 10 left: the 50 come from the lots that expire soonest.
    expect(back).toMatchObject({ status: 201, body: { pointsReversed: 50, points: 120 } });
    expect((await lots('ani')).map((lot: { lotId: number; earned: number; used: number; reversed: number; expired: number; left: number; expiresAt: string }) => [lot.lotId, lot.earned, lot.used, lot.reversed, lot.expired, lot.left, lot.expiresAt])).toEqual([
      [1, 60, 60, 0, 0, 0, utc('2030-04-11T00:00:00')],
      [2, 50, 40, 0, 10, 0, utc('2030-04-11T00:00:00')],
      [3, 50, 0, 50, 0, 0, utc('2030-07-02T00:00:00')],
      [4, 60, 0, 0, 0, 60, utc('2030-07-21T00:00:00')],
      [5, 60, 0, 0, 0, 60, utc('2030-07-21T00:00:00')],
    ]);
    // Closed lots: 1 (60 redeemed), 2 (40 redeemed, 10 expired), 3 (taken back by the return): breakage 10 / 110.
    const liability = await eventually(async () => {
      const answer = (await setia.request('GET', `${T}/dashboards/points-liability`)).body;
      return answer.reversed === 50 ? answer : undefined;
    }, 10_000);
    expect(liability).toMatchObject({ outstanding: 120, value: 12_000, breakageRate: 0.0909, deferredRevenue: 10_909 });
    expect(liability.expiring.slice(0, 3)).toEqual([
      { month: '2030-05', points: 0 },
      { month: '2030-06', points: 0 },
      { month: '2030-07', points: 120 },
    ]);
  });

  it('June: the redemption cancelled after its lots expired gives the points back, and they expire at once', async () => {
    await at('2030-06-01T10:00:00');
    const cancelled = await setia.request('POST', `${T}/redemptions/RD-1/cancel`);
    expect(cancelled.body).toMatchObject({ pointsReturned: 100, points: 120 });
    expect(await customer('ani')).toMatchObject({ points: 120, lifetimeExpired: 110, lifetimeRedeemed: 0 });
  });

  it('July: April\'s lots expire; the member stops buying, and a year after Gold was reached the review brings her back to Silver', async () => {
    expect(await at('2030-07-22T00:00:00')).toMatchObject({ customersDecided: 1 });
    expect(await customer('ani')).toMatchObject({ points: 0, lifetimeExpired: 230, tier: 'Gold', expiring: [] });
    await at('2031-01-15T00:00:00');
    expect((await customer('ani')).tier).toBe('Gold');
    await at('2031-02-01T00:00:00');
    expect(await customer('ani')).toMatchObject({ tier: 'Silver', tierSince: utc('2031-02-01T00:00:00'), qualifyingSpend: 400_000 });
  });

  it('the dashboards agree: every point earned is redeemed, reversed, expired or outstanding, and the tiers count one Silver', async () => {
    const liability = await eventually(async () => {
      const answer = (await setia.request('GET', `${T}/dashboards/points-liability`)).body;
      return answer.expired === 230 ? answer : undefined;
    }, 10_000);
    expect(liability).toMatchObject({ outstanding: 0, earned: 280, redeemed: 0, reversed: 50, expired: 230, value: 0, breakageRate: 1, deferredRevenue: 0 });
    expect((await setia.request('GET', `${T}/dashboards/tiers`)).body).toMatchObject({ members: 1, tiers: [{ tier: 'Gold', members: 0 }, { tier: 'Silver', members: 1 }] });
  });

  it('the auditor replays and verifies the year: each time-driven decision is decided again, the same', async () => {
    const cli = async (args: string[]) => {
      let out = '';
      const code = await main(args, { out: (text) => (out += `${text}\n`), err: { write: () => true, isTTY: false }, env: { SETIA_DATA_DIR: setia.dataDir } });
      return { code, out };
    };
    const replay = await cli(['ledger', 'replay', '--tenant', 'waktu', '--customer', 'ani', '--json']);
    expect(replay.code).toBe(0);
    const { ok, lines, differences } = JSON.parse(replay.out);
    expect({ ok, differences }).toEqual({ ok: true, differences: [] });
    const timeDriven = ['PointsExpiringSoon', 'PointsExpired', 'TierReviewed', 'TierChanged', 'BirthdayMonthStarted'];
    const decidedByTime = lines.filter((line: { type: string }) => timeDriven.includes(line.type));
    expect(new Set(decidedByTime.map((line: { type: string }) => line.type))).toEqual(new Set(timeDriven));
    expect(decidedByTime.every((line: { reproduced: boolean | null }) => line.reproduced === true)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ balance: 0, tier: 'Silver' });

    const verified = await cli(['ledger', 'verify', '--tenant', 'waktu', '--no-read-model']);
    expect(verified.out).toContain('OK: everything agrees');
    expect(verified.code).toBe(0);
  });
});
