import { Logger } from '@nestjs/common';
import { main } from '../apps/cli/src/main';
import { PROGRAM } from './support/program';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const TENANT = 'tunggu';
const T = `/v1/tenants/${TENANT}`;
const jkt = (local: string) => `${local}+07:00`;
const utc = (local: string) => new Date(jkt(local)).toISOString();

/** Referral bonuses that wait for the return window, on a sandbox tenant whose clock the test moves. */
describe('referral bonuses wait for the return window (referral.pendingDays)', () => {
  let setia: TestApp;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    setia = await startSetia();
    expect((await setia.request('POST', '/v1/tenants', { tenantId: TENANT, sandbox: true })).status).toBe(201);
    expect((await setia.request('PUT', `${T}/clock`, { now: jkt('2030-03-01T09:00:00') })).status).toBe(200);
    const program = { ...PROGRAM, referral: { referrerBonus: 200, refereeBonus: 100, minQualifyingPurchase: 200_000, pendingDays: 14 } };
    expect((await setia.request('PUT', `${T}/program`, program)).status).toBe(200);
    expect((await setia.request('POST', `${T}/members`, { customerId: 'ani', cardNumber: '9100 0001' })).status).toBe(201);
    const code = (await setia.request('GET', `${T}/customers/ani`)).body.referralCode;
    for (const [customerId, card] of [['budi', '9100 0002'], ['cici', '9100 0003']]) {
      expect((await setia.request('POST', `${T}/members`, { customerId, cardNumber: card, referralCode: code })).status).toBe(201);
      const bought = await setia.request('POST', `${T}/purchases`, {
        receiptId: `${customerId}-1`,
        storeId: 'JKT-01',
        customerId,
        occurredAt: jkt('2030-03-01T08:30:00'),
        currency: 'IDR',
        total: 300_000,
        lines: [{ sku: 'KOPI', quantity: 1, unitPrice: 300_000 }],
      });
      expect(bought.status).toBe(201);
    }
  });
  afterAll(() => setia.close());

  const customer = async (id: string) => (await setia.request('GET', `${T}/customers/${id}`)).body;
  const types = async (id: string) => ((await setia.request('GET', `${T}/customers/${id}/ledger`)).body.events as Array<{ type: string }>).map((event) => event.type);

  it('the friend\'s bonus is pending, shown apart from the points they can spend; the referrer has nothing yet', async () => {
    expect(await customer('budi')).toMatchObject({ points: 30, pendingPoints: 100 });
    expect(await customer('ani')).toMatchObject({ points: 0, pendingPoints: 0 });
    const profile = await eventually(async () => {
      const answer = (await setia.request('GET', `${T}/customers/budi/profile`)).body.customer;
      return answer?.pendingPoints === 100 ? answer : undefined;
    });
    expect(profile).toMatchObject({ points: 30, pendingPoints: 100 });
  });

  it('a return inside the window that brings the purchase under the minimum cancels the referral', async () => {
    expect((await setia.request('PUT', `${T}/clock`, { now: jkt('2030-03-05T11:00:00') })).status).toBe(200);
    const back = await setia.request('POST', `${T}/returns`, { returnId: 'cici-r', receiptId: 'cici-1', storeId: 'JKT-01', customerId: 'cici', occurredAt: jkt('2030-03-05T10:00:00'), amount: 150_000 });
    expect(back.status).toBe(201);
    expect(await customer('cici')).toMatchObject({ points: 15, pendingPoints: 0 });
  });

  it('when the window closes the friend and the referrer are paid; the cancelled referral pays no one', async () => {
    // The purchase was on 1 March in Jakarta: the window closes at the end of 15 March.
    expect((await setia.request('PUT', `${T}/clock`, { now: jkt('2030-03-15T23:00:00') })).status).toBe(200);
    expect(await customer('budi')).toMatchObject({ points: 30, pendingPoints: 100 });
    expect((await setia.request('PUT', `${T}/clock`, { now: jkt('2030-03-16T09:00:00') })).status).toBe(200);
    expect(await customer('budi')).toMatchObject({ points: 130, pendingPoints: 0 });
    expect(await types('budi')).toEqual(['CustomerEnrolled', 'PurchaseRecorded', 'PointsEarned', 'ReferralQualified', 'ReferralConfirmed', 'PointsEarned']);
    const ledger = (await setia.request('GET', `${T}/customers/budi/ledger`)).body.events;
    expect(ledger[3].data.confirmsAt).toBe(utc('2030-03-16T00:00:00'));
    expect(ledger[4].data.occurredAt).toBe(utc('2030-03-16T00:00:00'));
    const ani = await eventually(async () => {
      const answer = await customer('ani');
      return answer.points > 0 ? answer : undefined;
    });
    expect(ani).toMatchObject({ points: 200 });
    expect(await customer('cici')).toMatchObject({ points: 15, pendingPoints: 0 });
    expect(await types('cici')).toEqual(['CustomerEnrolled', 'PurchaseRecorded', 'PointsEarned', 'ReferralQualified', 'ReturnRecorded', 'PointsReversed', 'ReferralCancelled']);
  });

  it('the auditor re-decides the pending, confirmed and cancelled referrals: verify agrees', async () => {
    let out = '';
    const code = await main(['ledger', 'verify', '--tenant', TENANT, '--no-read-model'], { out: (text) => (out += `${text}\n`), err: { write: () => true, isTTY: false }, env: { SETIA_DATA_DIR: setia.dataDir } });
    expect(out).toContain('OK: everything agrees');
    expect(code).toBe(0);
  });
});
