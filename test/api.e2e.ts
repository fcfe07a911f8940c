import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { referralCodeCandidate } from '@setia/application';
import { hoursAgo, PROGRAM, purchase } from './support/program';

const T = '/v1/tenants/kopi_nusantara';

describe('Setia over HTTP: a store\'s loyalty program from enrolment to referral', () => {
  let setia: TestApp;

  beforeAll(async () => {
    setia = await startSetia();
    const configured = await setia.request('PUT', `${T}/program`, PROGRAM);
    expect(configured.status).toBe(200);
    expect(configured.body.revision).toBe(0);
  });
  afterAll(() => setia.close());

  it('walks a member through purchases, a tier upgrade, a redemption, partial returns, feedback and a referral with exact balances', async () => {
    const enrolled = await setia.request('POST', `${T}/members`, { customerId: 'alice', cardNumber: '6001 0001', birthday: '1990-04-17' });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ customerId: 'alice', stage: 'member', tier: 'Silver', points: 0 });
    expect(enrolled.body.referralCode).toMatch(/^[0-9A-Z]{8}$/);

    const first = await setia.request('POST', `${T}/purchases`, purchase('alice', 600_000));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ pointsEarned: 60, points: 60, tier: 'Silver', tierChanged: null, programRevision: 0 });

    // Reaching Gold: this purchase still earns at Silver's multiplier.
    const second = await setia.request('POST', `${T}/purchases`, purchase('alice', 500_000));
    expect(second.body).toMatchObject({ pointsEarned: 50, points: 110, tier: 'Gold', tierChanged: { from: 'Silver', to: 'Gold' } });

    const third = purchase('alice', 400_000);
    const atGold = await setia.request('POST', `${T}/purchases`, third);
    expect(atGold.body).toMatchObject({ pointsEarned: 60, points: 170, tier: 'Gold' });

    const redeemed = await setia.request('POST', `${T}/redemptions`, { redemptionId: 'RD-1', customerId: 'alice', rewardId: 'COFFEE', storeId: 'JKT-01' });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({ pointsRedeemed: 100, points: 70 });

    const partOne = await setia.request('POST', `${T}/returns`, {
      returnId: 'RT-1', receiptId: third.receiptId, storeId: 'JKT-01', customerId: 'alice', occurredAt: hoursAgo(2), amount: 100_000,
    });
    expect(partOne.status).toBe(201);
    expect(partOne.body).toMatchObject({ pointsReversed: 15, points: 55, amountLeftOnReceipt: 300_000 });
    const partTwo = await setia.request('POST', `${T}/returns`, {
      returnId: 'RT-2', receiptId: third.receiptId, storeId: 'JKT-01', customerId: 'alice', occurredAt: hoursAgo(1), amount: 300_000,
    });
    expect(partTwo.body).toMatchObject({ pointsReversed: 45, points: 10, amountLeftOnReceipt: 0, tier: 'Gold' });

    const feedback = await setia.request('POST', `${T}/feedback`, { feedbackId: 'FB-1', customerId: 'alice', storeId: 'JKT-01', receiptId: first.body.receiptId, nps: 9, csat: 5 });
    expect(feedback.status).toBe(201);
    expect(feedback.body).toMatchObject({ bonusPoints: 20, points: 30 });
    const again = await setia.request('POST', `${T}/feedback`, { feedbackId: 'FB-2', customerId: 'alice', storeId: 'JKT-01', receiptId: first.body.receiptId, nps: 10 });
    expect(again.body).toMatchObject({ bonusPoints: 0, points: 30 });

    const bob = await setia.request('POST', `${T}/members`, { customerId: 'bob', cardNumber: '6001 0002', referralCode: enrolled.body.referralCode });
    expect(bob.body).toMatchObject({ stage: 'member', referredBy: 'alice' });
    const bobBuys = await setia.request('POST', `${T}/purchases`, purchase('bob', 250_000));
    expect(bobBuys.body).toMatchObject({ pointsEarned: 25, bonusPoints: 100, points: 125 });

    // The referrer's bonus comes from the process manager on the durable subscription.
    const alice = await eventually(async () => {
      const { body } = await setia.request('GET', `${T}/customers/alice`);
      return body.points === 230 ? body : undefined;
    });
    expect(alice).toMatchObject({
      customerId: 'alice', stage: 'member', points: 230, tier: 'Gold',
      lifetimeEarned: 60 + 50 + 60 + 20 + 200, lifetimeRedeemed: 100, lifetimeReversed: 60, purchaseCount: 3,
    });

    const ledger = await setia.request('GET', `${T}/customers/alice/ledger`);
    expect(ledger.status).toBe(200);
    expect(ledger.body.events.map((e: { type: string }) => e.type)).toEqual([
      'CustomerEnrolled',
      'PurchaseRecorded', 'PointsEarned',
      'PurchaseRecorded', 'PointsEarned', 'TierChanged',
      'PurchaseRecorded', 'PointsEarned',
      'RewardRedeemed',
      'ReturnRecorded', 'PointsReversed',
      'ReturnRecorded', 'PointsReversed',
      'FeedbackSubmitted', 'PointsEarned',
      'FeedbackSubmitted',
      'PointsEarned',
    ]);
    expect(ledger.body.events.map((e: { revision: number }) => e.revision)).toEqual([...Array(17).keys()]);
  });

  it('moves a non-member from buyer to customer to member, keeping the history', async () => {
    const once = await setia.request('POST', `${T}/purchases`, purchase('carol', 300_000));
    expect(once.body).toMatchObject({ stage: 'buyer', pointsEarned: 0, points: 0, tier: null });
    const twice = await setia.request('POST', `${T}/purchases`, purchase('carol', 900_000));
    expect(twice.body).toMatchObject({ stage: 'customer', purchaseCount: 2 });
    const member = await setia.request('POST', `${T}/members`, { customerId: 'carol', cardNumber: '6001 0003' });
    expect(member.body).toMatchObject({ stage: 'member', tier: 'Gold', points: 0 });
    const view = await setia.request('GET', `${T}/customers/carol`);
    expect(view.body).toMatchObject({ purchaseCount: 2, qualifyingSpend: 1_200_000, stage: 'member' });
  });

  it('cancels a redemption once: the points come back a single time', async () => {
    await setia.request('POST', `${T}/members`, { customerId: 'dina', cardNumber: '6001 0004' });
    await setia.request('POST', `${T}/purchases`, purchase('dina', 2_000_000));
    const redeemed = await setia.request('POST', `${T}/redemptions`, { redemptionId: 'RD-DINA', customerId: 'dina', rewardId: 'COFFEE', storeId: 'JKT-01' });
    expect(redeemed.body.points).toBe(100);
    const cancelled = await setia.request('POST', `${T}/redemptions/RD-DINA/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ pointsReturned: 100, points: 200, cancelled: true });
    const again = await setia.request('POST', `${T}/redemptions/RD-DINA/cancel`);
    expect(again.body).toEqual(cancelled.body);
    expect((await setia.request('GET', `${T}/customers/dina`)).body.points).toBe(200);
    expect((await setia.request('POST', `${T}/redemptions/NOPE/cancel`)).status).toBe(404);
  });

  it('refuses a referral for a customer who already bought, an unknown code and self-referral', async () => {
    const ed = await setia.request('POST', `${T}/members`, { customerId: 'edi', cardNumber: '6001 0005' });
    await setia.request('POST', `${T}/purchases`, purchase('fajar', 100_000));
    const bought = await setia.request('POST', `${T}/members`, { customerId: 'fajar', cardNumber: '6001 0006', referralCode: ed.body.referralCode });
    expect(bought.status).toBe(422);
    expect(bought.body.field).toBe('referralCode');
    const unknown = await setia.request('POST', `${T}/members`, { customerId: 'gita', cardNumber: '6001 0007', referralCode: 'ZZZZZZZZ' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.message).toMatch(/referralCode/);
    const ownCode = referralCodeCandidate('kopi_nusantara', 'hana', 0);
    const self = await setia.request('POST', `${T}/members`, { customerId: 'hana', cardNumber: '6001 0008', referralCode: ownCode });
    expect(self.status).toBe(422);
    expect(self.body.message).toMatch(/refer themselves/);
    expect((await setia.request('GET', `${T}/customers/gita`)).status).toBe(404);
  });

  it('serves the OpenAPI document and health', async () => {
    const docs = await setia.request('GET', '/docs/openapi.json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/v1/tenants/{tenant}/purchases', '/v1/tenants/{tenant}/program']));
    expect((await setia.request('GET', '/health')).body).toMatchObject({ status: 'up' });
  });
});
