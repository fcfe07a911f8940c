import { foldCustomer } from '@setia/domain';
import type { CustomerEvent } from '@setia/domain';
import { startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM, purchase } from './support/program';

const T = '/v1/tenants/warung';

describe('tills acting at the same moment', () => {
  let setia: TestApp;

  beforeAll(async () => {
    setia = await startSetia();
    expect((await setia.request('PUT', `${T}/program`, PROGRAM)).status).toBe(200);
  });
  afterAll(() => setia.close());

  it('50 redemptions of 100 points at once against 1,000 points: exactly 10 succeed and the balance never goes below 0', async () => {
    await setia.request('POST', `${T}/members`, { customerId: 'rina', cardNumber: '7001 0001' });
    const earned = await setia.request('POST', `${T}/purchases`, purchase('rina', 10_000_000));
    expect(earned.body.points).toBe(1000);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        setia.request('POST', `${T}/redemptions`, { redemptionId: `RD-RINA-${i}`, customerId: 'rina', rewardId: 'COFFEE', storeId: 'JKT-01' }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(40);
    for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.body.error).toBe('InsufficientPoints');

    const view = await setia.request('GET', `${T}/customers/rina`);
    expect(view.body.points).toBe(0);

    // Replaying the ledger event by event: the balance is never negative at any point.
    const events = (await setia.store.readStream('customer-warung-rina')).map((e) => ({ type: e.type, data: e.data }) as CustomerEvent);
    let state = foldCustomer([]);
    for (const event of events) {
      state = foldCustomer([event], state);
      expect(state.points).toBeGreaterThanOrEqual(0);
    }
    expect(events.filter((event) => event.type === 'RewardRedeemed')).toHaveLength(10);
  });

  it('the same receipt posted 20 times at once is one purchase with 20 identical answers', async () => {
    await setia.request('POST', `${T}/members`, { customerId: 'sari', cardNumber: '7001 0002' });
    const receipt = purchase('sari', 750_000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => setia.request('POST', `${T}/purchases`, receipt)));
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual(answers[0].body);
    }
    expect(answers[0].body).toMatchObject({ pointsEarned: 75, points: 75 });
    const ledger = await setia.store.readStream('customer-warung-sari');
    expect(ledger.filter((event) => event.type === 'PurchaseRecorded')).toHaveLength(1);
    expect(ledger.filter((event) => event.type === 'PointsEarned')).toHaveLength(1);
  });
});
