import { main } from '../apps/cli/src/main';
import { hoursAgo, PROGRAM, purchase } from './support/program';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const TENANT = 'mitra';
const T = `/v1/tenants/${TENANT}`;
const PARTNERS = { partners: [{ partnerId: 'BIOSKOP', name: 'Bioskop Nusantara' }], rewards: [{ rewardId: 'TIKET', points: 100, partnerId: 'BIOSKOP' }] };
const CODES = Array.from({ length: 10 }, (_, i) => `BIO-${String(i).padStart(4, '0')}-X${i * 7}`);
const MEMBERS = Array.from({ length: 50 }, (_, i) => `m${i}`);

describe('partner rewards: gift-card codes from a partner\'s pool, over HTTP on the embedded default', () => {
  let setia: TestApp;

  /** The request, refused with `status` naming `field`, with nothing appended. */
  async function refused(method: 'PUT' | 'POST', url: string, body: unknown, status: number, field: string) {
    const before = await setia.lastPosition();
    const answer = await setia.request(method, url, body);
    expect({ status: answer.status, field: answer.body.field }).toEqual({ status, field });
    expect(await setia.lastPosition()).toBe(before);
    return answer.body;
  }

  beforeAll(async () => {
    setia = await startSetia();
    expect((await setia.request('PUT', `${T}/program`, { ...PROGRAM, partnerRewards: PARTNERS })).status).toBe(200);
    for (const customerId of MEMBERS) {
      expect((await setia.request('POST', `${T}/members`, { customerId, cardNumber: `7200 ${customerId}` })).status).toBe(201);
      expect((await setia.request('POST', `${T}/purchases`, purchase(customerId, 1_000_000, { occurredAt: hoursAgo(2) }))).status).toBe(201);
    }
  }, 120_000);
  afterAll(() => setia.close());

  it('refuses a reward of an unknown partner and codes listed twice, in the pool already or for an unknown partner, naming the field; nothing recorded', async () => {
    const unknown = { ...PARTNERS, rewards: [{ rewardId: 'TIKET', points: 100, partnerId: 'TEATER' }] };
    await refused('PUT', `${T}/program`, { ...PROGRAM, partnerRewards: unknown }, 422, 'partnerRewards.rewards[0].partnerId');
    await refused('POST', `${T}/partners/BIOSKOP/codes`, { codes: ['AAAA-1', 'BBBB-2', 'AAAA-1'] }, 422, 'codes[2]');
    await refused('POST', `${T}/partners/TEATER/codes`, { codes: ['AAAA-1'] }, 404, 'partnerId');
    await refused('POST', `${T}/partners/BIOSKOP/codes`, { codes: ['AAAA-1'], note: 'x' }, 400, 'note');
    expect(await setia.request('POST', `${T}/partners/BIOSKOP/codes`, { codes: CODES })).toMatchObject({ status: 201, body: { partnerId: 'BIOSKOP', added: 10, total: 10 } });
    await refused('POST', `${T}/partners/BIOSKOP/codes`, { codes: ['CCCC-3', CODES[4]] }, 409, 'codes[1]');
    // The codes are kept sealed: the partner's stream holds none of them.
    const pool = JSON.stringify(await setia.store.readStream(`partner-${TENANT}-BIOSKOP`));
    for (const code of CODES) expect(pool).not.toContain(code);
  });

  it('50 redemptions at once from a pool of 10 codes: exactly 10 get a code, 10 distinct codes, the 40 others 409 with their points untouched', async () => {
    const answers = await Promise.all(
      MEMBERS.map((customerId) => setia.request('POST', `${T}/redemptions`, { redemptionId: `RT-${customerId}`, customerId, rewardId: 'TIKET', storeId: 'JKT-01' })),
    );
    const given = answers.filter((answer) => answer.status === 201);
    const refusedAnswers = answers.filter((answer) => answer.status === 409);
    expect({ given: given.length, refused: refusedAnswers.length }).toEqual({ given: 10, refused: 40 });
    expect(given.map((answer) => answer.body.partnerCode.code).sort()).toEqual([...CODES].sort());
    for (const answer of given) expect(answer.body).toMatchObject({ points: 0, pointsRedeemed: 100, partnerCode: { partnerId: 'BIOSKOP' } });
    for (const answer of refusedAnswers) expect(answer.body).toMatchObject({ error: 'PartnerPoolEmpty', field: 'rewardId' });
    const refusedMembers = MEMBERS.filter((_, i) => answers[i].status === 409);
    for (const customerId of refusedMembers) expect((await setia.request('GET', `${T}/customers/${customerId}`)).body.points).toBe(100);
  });

  it('the wallet shows the member\'s code; a cancelled redemption gives the points back and burns the code: no one gets it again', async () => {
    const redemptions = await Promise.all(MEMBERS.map(async (customerId) => ({ customerId, wallet: (await setia.request('GET', `${T}/customers/${customerId}/vouchers`)).body })));
    const holder = redemptions.find(({ wallet }) => wallet.partnerCodes.length === 1)!;
    const [card] = holder.wallet.partnerCodes;
    expect(card).toMatchObject({ redemptionId: `RT-${holder.customerId}`, partnerId: 'BIOSKOP', cancelled: false });
    expect(CODES).toContain(card.code);
    expect((await setia.request('POST', `${T}/redemptions/RT-${holder.customerId}/cancel`)).body).toMatchObject({ points: 100 });
    expect((await setia.request('GET', `${T}/customers/${holder.customerId}/vouchers`)).body.partnerCodes).toEqual([{ ...card, cancelled: true }]);
    const other = redemptions.find(({ wallet }) => wallet.partnerCodes.length === 0)!;
    const again = await setia.request('POST', `${T}/redemptions`, { redemptionId: `RT2-${other.customerId}`, customerId: other.customerId, rewardId: 'TIKET', storeId: 'JKT-01' });
    expect(again).toMatchObject({ status: 409, body: { error: 'PartnerPoolEmpty' } });
  });

  it('the partner settlement dashboard counts the codes given and the points they cost, a burned code included', async () => {
    const answer = await eventually(async () => {
      const body = (await setia.request('GET', `${T}/dashboards/partner-settlement`)).body;
      return body.totals?.codesGiven === 10 ? body : undefined;
    });
    expect(answer.totals).toEqual({ codesGiven: 10, points: 1000 });
    expect(answer.partners).toEqual([{ partnerId: 'BIOSKOP', codesGiven: 10, points: 1000 }]);
    expect(answer.months).toHaveLength(1);
  });

  it('the auditor re-decides every partner redemption: verify agrees', async () => {
    let out = '';
    const code = await main(['ledger', 'verify', '--tenant', TENANT, '--no-read-model'], { out: (text) => (out += `${text}\n`), err: { write: () => true, isTTY: false }, env: { SETIA_DATA_DIR: setia.dataDir } });
    expect(out).toContain('OK: everything agrees');
    expect(code).toBe(0);
  });
});
