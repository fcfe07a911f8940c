import type { RecordedEvent } from '@setia/event-store';
import { hoursAgo, PROGRAM, purchase } from './program';
import { eventually, TEST_RECEIPTS_SINCE } from './setia-app';
import type { TestApp } from './setia-app';

const CUSTOMERS = ['alice', 'bob', 'citra', 'dewi', 'eko'];

/**
 * A small chain's day, then its year, through the HTTP API: a sandbox tenant whose program has
 * every rule (points that expire, tier reviews, birthday months), five members (with card numbers
 * and birthdays), a segment and a campaign for it that runs out of budget and is ended, an offer created and ended, purchases
 * up to a tier upgrade that stamp a stamp card and reach a daily gift,
 * a partial return (taking a stamp back and withdrawing a voucher), a voucher used and its use
 * cancelled, a partner's gift-card code redeemed, a redemption, feedback with a comment, two referrals whose bonuses wait for the return
 * window (bob's confirmed, then paid by the process manager; eko's cancelled by a return), a lost
 * card replaced (eko's), one member (dewi) asking to be forgotten, and then the tenant's clock moved
 * thirteen months on, so every lot expires after its notice, every birth month starts and every
 * tier is reviewed. Returns the published (customer and program) events in store order.
 */
export async function loyaltyScenario(setia: TestApp, tenant: string): Promise<RecordedEvent[]> {
  const T = `/v1/tenants/${tenant}`;
  const ok = async (method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => {
    const response = await setia.request(method, `${T}${url}`, body);
    if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const created = await setia.request('POST', '/v1/tenants', { tenantId: tenant, sandbox: true, receiptsSince: TEST_RECEIPTS_SINCE });
  if (created.status !== 201) throw new Error(`sandbox tenant ${tenant}: ${created.status} ${JSON.stringify(created.body)}`);
  await ok('PUT', '/program', {
    ...PROGRAM,
    referral: { ...PROGRAM.referral, pendingDays: 7 },
    pointsExpiry: { afterMonths: 1, noticeDays: 3 },
    tierReview: { holdMonths: 0 },
    birthday: { bonus: 10, multiplier: 2 },
    stampCards: [{ cardId: 'SKU-1-2', name: 'Every second SKU-1', counts: { sku: 'SKU-1', per: 'item' }, stampsNeeded: 2, reward: { voucher: { kind: 'amountOff', amount: 10_000 }, validDays: 30 } }],
    gifts: [{ giftId: 'BAG', minSpend: 1_000_000, per: 'day', reward: { voucher: { kind: 'freeItem', sku: 'BAG' }, validDays: 7 } }],
    partnerRewards: { partners: [{ partnerId: 'BIOSKOP', name: 'Bioskop Nusantara' }], rewards: [{ rewardId: 'TIKET', points: 50, partnerId: 'BIOSKOP' }] },
  });
  await ok('POST', '/partners/BIOSKOP/codes', { codes: ['BIO-0001-SECRET'] });
  const codes: Record<string, string> = {};
  for (const [i, customerId] of CUSTOMERS.entries()) {
    const referral = customerId === 'bob' || customerId === 'eko' ? { referralCode: codes.alice } : {};
    const enrolled = await ok('POST', '/members', { customerId, cardNumber: `6001 000${i}`, birthday: `199${i}-0${i + 1}-17`, ...referral });
    codes[customerId] = enrolled.referralCode;
  }
  // A segment, and a campaign for it whose budget the purchases run out of (its holdout keeping
  // citra out), ended after them.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await ok('POST', '/segments', { segmentId: 'members', name: 'Members', stages: ['member'] });
  await ok('POST', '/campaigns', { campaignId: 'opening', name: 'Opening week', from: day(-1), to: day(1), segment: 'members', effect: { bonusPoints: 20 }, budget: { points: 30 }, holdoutPercent: 25 });
  const firstReceipt: Record<string, string> = {};
  for (const customerId of CUSTOMERS) {
    for (const total of [600_000, 500_000, 250_000]) {
      const bought = purchase(customerId, total);
      firstReceipt[customerId] ??= bought.receiptId;
      await ok('POST', '/purchases', bought);
    }
  }
  await ok('POST', '/campaigns/opening/end');
  // A member-only offer, created and ended.
  await ok('POST', '/offers', { offerId: 'kopi-3', name: 'Kopi: 3 for 70,000', from: day(-1), to: day(1), kind: 'bundle', sku: 'KOPI', quantity: 3, price: 70_000 });
  await ok('POST', '/offers/kopi-3/end');
  // Eko's qualifying purchase comes back inside the window: his referral is cancelled.
  await ok('POST', '/returns', { returnId: `RT-EKO-${tenant}`, receiptId: firstReceipt.eko, storeId: 'JKT-01', customerId: 'eko', occurredAt: hoursAgo(2), amount: 450_000 });
  const [voucher] = (await setia.request('GET', `${T}/customers/alice/vouchers`)).body.vouchers as Array<{ code: string }>;
  await ok('POST', `/vouchers/${voucher.code}/use`, { storeId: 'JKT-01', receiptId: `U-${tenant}` });
  await ok('POST', `/vouchers/${voucher.code}/cancel-use`);
  await ok('POST', '/redemptions', { redemptionId: `RP-${tenant}`, customerId: 'citra', rewardId: 'TIKET', storeId: 'JKT-01' });
  const receipt = purchase('citra', 400_000);
  await ok('POST', '/purchases', receipt);
  await ok('POST', '/returns', { returnId: `RT-${tenant}`, receiptId: receipt.receiptId, storeId: 'JKT-01', customerId: 'citra', occurredAt: hoursAgo(1), amount: 100_000 });
  await ok('POST', '/redemptions', { redemptionId: `RD-${tenant}`, customerId: 'dewi', rewardId: 'COFFEE', storeId: 'JKT-01' });
  await ok('POST', '/redemptions', { redemptionId: `RD2-${tenant}`, customerId: 'alice', rewardId: 'COFFEE', storeId: 'JKT-01' });
  await ok('POST', `/redemptions/RD2-${tenant}/cancel`, {});
  await ok('POST', '/feedback', { feedbackId: `FB-${tenant}`, customerId: 'eko', storeId: 'JKT-01', nps: 9, csat: 5, comment: 'ring me on 0812 0000 1111' });
  await ok('PUT', '/members/eko/card', { cardNumber: '6001 0009' });
  await ok('DELETE', '/customers/dewi/personal-data');
  const { now } = (await setia.request('GET', `${T}/clock`)).body as { now: string };
  const aYearOn = new Date(Date.parse(now) + 395 * 86_400_000).toISOString();
  await ok('PUT', '/clock', { now: aYearOn });
  // Bob's referral was confirmed when its window closed; the referrer's bonus comes from the process manager.
  await eventually(async () => {
    const events = await setia.store.readStream(`customer-${tenant}-alice`);
    return events.some((event) => event.type === 'PointsEarned' && (event.data as { reason: string }).reason === 'referral') ? true : undefined;
  }, 10_000);
  // Dated when the window closed, that bonus's lot is due to expire already: a minute more on the
  // clock decides it (and anything else due) before the answer, so nothing follows the events returned.
  await ok('PUT', '/clock', { now: new Date(Date.parse(aYearOn) + 60_000).toISOString() });
  const all = await setia.store.readAll();
  return all.filter((event) => event.streamName === `program-${tenant}` || event.streamName.startsWith(`customer-${tenant}-`));
}
