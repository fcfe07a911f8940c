import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { KeyLike } from 'jose';
import { main } from '../apps/cli/src/main';
import { PROGRAM, purchase } from './support/program';
import { startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const ISSUER = 'https://id.kopi.example';
const AUDIENCE = 'setia';
const TENANT = 'kopi';
const T = `/v1/tenants/${TENANT}`;
const MEMBER_SCOPE = 'loyalty.member';
/** Besides the catalogue: vouchers bought with points, and a partner's gift cards. */
const VOUCHERS = [
  { rewardId: 'FREE-CAKE', points: 150, reward: { voucher: { kind: 'freeItem', category: 'cakes' }, validDays: 30 } },
  { rewardId: 'TEN-OFF', points: 40, reward: { voucher: { kind: 'amountOff', amount: 10_000 }, validDays: 0 } },
];
const PARTNERS = { partners: [{ partnerId: 'BIOSKOP', name: 'Bioskop Nusantara' }], rewards: [{ rewardId: 'MOVIE-TICKET', points: 300, partnerId: 'BIOSKOP' }] };

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/**
 * The member's own door, with tokens signed by the chain's identity provider (a test key pair,
 * its public half in a JWKS file): each member reads and does what is theirs, and nothing else.
 */
describe('the member API: a member reads and does what is theirs only', () => {
  let setia: TestApp;
  let signingKey: KeyLike;
  let dir: string;

  const tokenFor = async (claims: Record<string, unknown>) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'app-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt(now).setExpirationTime(now + 300).sign(signingKey);
  };
  const member = async (customerId: string) => bearer(await tokenFor({ setia_tenant: TENANT, setia_role: 'member', sub: customerId }));
  const staff = async (role: 'admin' | 'pos') => bearer(await setia.keyFor(TENANT, role));

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    signingKey = privateKey;
    dir = mkdtempSync(join(tmpdir(), 'setia-member-jwks-'));
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'app-1', alg: 'ES256' }] }));
    setia = await startSetia({ SETIA_JWT_ISSUER: ISSUER, SETIA_JWT_AUDIENCE: AUDIENCE, SETIA_JWT_TENANT: TENANT, SETIA_JWT_JWKS_FILE: file, SETIA_JWT_MEMBER_SCOPE: MEMBER_SCOPE });
    const admin = await staff('admin');
    const pos = await staff('pos');
    expect((await setia.request('PUT', `${T}/program`, { ...PROGRAM, vouchers: VOUCHERS, partnerRewards: PARTNERS }, admin)).status).toBe(200);
    expect((await setia.request('POST', `${T}/members`, { customerId: 'ani', cardNumber: '6001 0001', birthday: '1990-04-17', homeStoreId: 'JKT-01' }, pos)).status).toBe(201);
    expect((await setia.request('POST', `${T}/members`, { customerId: 'budi', cardNumber: '6001 0002' }, pos)).status).toBe(201);
    expect((await setia.request('POST', `${T}/purchases`, purchase('ani', 1_500_000, { receiptId: 'R-ANI-1' }), pos)).status).toBe(201);
    expect((await setia.request('POST', `${T}/returns`, { returnId: 'RT-ANI-1', receiptId: 'R-ANI-1', storeId: 'JKT-01', customerId: 'ani', occurredAt: new Date().toISOString(), amount: 300_000 }, pos)).status).toBe(201);
    expect((await setia.request('POST', `${T}/purchases`, purchase('budi', 400_000, { receiptId: 'R-BUDI-1' }), pos)).status).toBe(201);
  });
  afterAll(async () => {
    await setia.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads their profile as the staff see it, with the spend the next tier needs', async () => {
    const mine = await setia.request('GET', `${T}/me`, undefined, await member('ani'));
    const staffView = await setia.request('GET', `${T}/customers/ani`, undefined, await staff('admin'));
    expect(mine.status).toBe(200);
    const { progress, ...profile } = mine.body;
    expect(profile).toEqual(staffView.body);
    expect(profile).toMatchObject({ customerId: 'ani', points: 120, tier: 'Gold' });
    expect(progress).toEqual({ nextTier: 'Platinum', spendToGo: 28_800_000 }); // 1,200,000 net of the return
    const budi = (await setia.request('GET', `${T}/me`, undefined, await member('budi'))).body;
    expect(budi).toMatchObject({ customerId: 'budi', points: 40, tier: 'Silver', progress: { nextTier: 'Gold', spendToGo: 600_000 } });
  });

  it('reads every entry of their ledger in their words, in order, ending at their balance', async () => {
    const history = await setia.request('GET', `${T}/me/history`, undefined, await member('ani'));
    const ledger = await setia.request('GET', `${T}/customers/ani/ledger`, undefined, await staff('admin'));
    expect(history.status).toBe(200);
    expect(history.body.nextRevision).toBeNull();
    expect(history.body.entries.map((entry: { revision: number; type: string }) => [entry.revision, entry.type])).toEqual(
      ledger.body.events.map((event: { revision: number; type: string }) => [event.revision, event.type]),
    );
    expect(history.body.entries.map((entry: { text: string; points: number; balance: number }) => [entry.text, entry.points, entry.balance])).toEqual([
      ['You joined the program', 0, 0],
      ['Purchase at JKT-01, receipt R-ANI-1', 0, 0],
      ['Points for your purchase, receipt R-ANI-1', 150, 150],
      ['Your tier changed from Silver to Gold', 0, 150],
      ['Return at JKT-01, receipt R-ANI-1', 0, 150],
      ['Points taken back for the return, receipt R-ANI-1', -30, 120],
    ]);
    expect(history.body.balance).toBe((await setia.request('GET', `${T}/me`, undefined, await member('ani'))).body.points);
  });

  it('pages through a long history: every entry once, in order, the last balance the profile\'s', async () => {
    const pos = await staff('pos');
    expect((await setia.request('POST', `${T}/members`, { customerId: 'cici', cardNumber: '6001 0003' }, pos)).status).toBe(201);
    for (let n = 1; n <= 30; n++) expect((await setia.request('POST', `${T}/purchases`, purchase('cici', 100_000, { receiptId: `R-CICI-${n}` }), pos)).status).toBe(201);
    const cici = await member('cici');
    const ledger = (await setia.request('GET', `${T}/customers/cici/ledger`, undefined, await staff('admin'))).body;
    expect(ledger.nextRevision).toBeNull();
    // Enrolment, then each purchase and its points, and the move to Gold at 1,000,000: 62 entries.
    expect(ledger.events).toHaveLength(62);
    const whole = (await setia.request('GET', `${T}/me/history`, undefined, cici)).body;
    expect(whole.balance).toBe(400); // 10 a purchase at Silver, 15 at Gold
    expect(whole.entries).toHaveLength(62);
    const pages = [];
    let from: number | null = 0;
    while (from !== null) {
      const page = await setia.request('GET', `${T}/me/history?fromRevision=${from}&limit=7`, undefined, cici);
      expect(page.status).toBe(200);
      expect(page.body.balance).toBe(whole.balance);
      pages.push(page.body.entries);
      from = page.body.nextRevision;
    }
    expect(pages.map((entries) => entries.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 6]);
    const entries = pages.flat();
    expect(entries.map((entry: { revision: number }) => entry.revision)).toEqual(ledger.events.map((event: { revision: number }) => event.revision));
    expect(entries).toEqual(whole.entries);
    expect(entries.slice(-2).map((entry: { text: string; points: number; balance: number }) => [entry.text, entry.points, entry.balance])).toEqual([
      ['Purchase at JKT-01, receipt R-CICI-30', 0, 385],
      ['Points for your purchase, receipt R-CICI-30', 15, 400],
    ]);
    expect(entries[entries.length - 1].balance).toBe((await setia.request('GET', `${T}/me`, undefined, cici)).body.points);
    // Past the end: no entries, and nothing to read on.
    expect((await setia.request('GET', `${T}/me/history?fromRevision=62`, undefined, cici)).body).toEqual({ customerId: 'cici', entries: [], balance: 400, nextRevision: null });
    for (const [query, field] of [['limit=0', 'limit'], ['limit=1001', 'limit'], ['fromRevision=-1', 'fromRevision'], ['fromRevision=x', 'fromRevision']]) {
      expect(await setia.request('GET', `${T}/me/history?${query}`, undefined, cici)).toMatchObject({ status: 400, body: { field } });
    }
  });

  it('sees every reward they may redeem: the catalogue, vouchers and partners\' gift cards, with what each gives, whether there is one to give and what they can afford now', async () => {
    const rewards = await setia.request('GET', `${T}/me/rewards`, undefined, await member('budi'));
    expect(rewards.body).toEqual({
      points: 40,
      rewards: [
        { rewardId: 'COFFEE', kind: 'catalogue', text: 'Reward COFFEE', voucher: null, partner: null, points: 100, available: true, affordable: false, pointsShort: 60 },
        { rewardId: 'TOTE-BAG', kind: 'catalogue', text: 'Reward TOTE-BAG', voucher: null, partner: null, points: 500, available: true, affordable: false, pointsShort: 460 },
        {
          rewardId: 'FREE-CAKE',
          kind: 'voucher',
          text: 'A voucher for a free cakes, valid for 30 days after the day you get it',
          voucher: { voucher: { kind: 'freeItem', category: 'cakes' }, validDays: 30 },
          partner: null,
          points: 150,
          available: true,
          affordable: false,
          pointsShort: 110,
        },
        {
          rewardId: 'TEN-OFF',
          kind: 'voucher',
          text: 'A voucher for 10000 off, valid on the day you get it',
          voucher: { voucher: { kind: 'amountOff', amount: 10_000 }, validDays: 0 },
          partner: null,
          points: 40,
          available: true,
          affordable: true,
          pointsShort: 0,
        },
        {
          rewardId: 'MOVIE-TICKET',
          kind: 'partner',
          text: 'A Bioskop Nusantara gift card',
          voucher: null,
          partner: { partnerId: 'BIOSKOP', name: 'Bioskop Nusantara' },
          points: 300,
          // No code uploaded yet: none to give.
          available: false,
          affordable: false,
          pointsShort: 260,
        },
      ],
    });
    expect((await setia.request('POST', `${T}/partners/BIOSKOP/codes`, { codes: ['BIO-CODE-1'] }, await staff('admin'))).status).toBe(201);
    const afterUpload = (await setia.request('GET', `${T}/me/rewards`, undefined, await member('budi'))).body.rewards;
    expect(afterUpload.map(({ rewardId, available }: { rewardId: string; available: boolean }) => [rewardId, available])).toEqual([
      ['COFFEE', true],
      ['TOTE-BAG', true],
      ['FREE-CAKE', true],
      ['TEN-OFF', true],
      ['MOVIE-TICKET', true],
    ]);
    // The pool's one code given: none left to give, to anyone.
    const pos = await staff('pos');
    expect((await setia.request('POST', `${T}/members`, { customerId: 'dewi', cardNumber: '6001 0004' }, pos)).status).toBe(201);
    expect((await setia.request('POST', `${T}/purchases`, purchase('dewi', 4_000_000, { receiptId: 'R-DEWI-1' }), pos)).status).toBe(201);
    const gift = await setia.request('POST', `${T}/me/redemptions`, { redemptionId: 'RD-APP-DEWI-1', rewardId: 'MOVIE-TICKET', storeId: 'JKT-01' }, await member('dewi'));
    expect(gift).toMatchObject({ status: 201, body: { partnerCode: { partnerId: 'BIOSKOP', code: 'BIO-CODE-1' } } });
    for (const customerId of ['dewi', 'budi']) {
      const movie = (await setia.request('GET', `${T}/me/rewards`, undefined, await member(customerId))).body.rewards.find((reward: { rewardId: string }) => reward.rewardId === 'MOVIE-TICKET');
      expect(movie.available).toBe(false);
    }
    const ani = (await setia.request('GET', `${T}/me/rewards`, undefined, await member('ani'))).body;
    expect(ani.points).toBe(120);
    expect(ani.rewards.map(({ rewardId, affordable, pointsShort }: { rewardId: string; affordable: boolean; pointsShort: number }) => [rewardId, affordable, pointsShort])).toEqual([
      ['COFFEE', true, 0],
      ['TOTE-BAG', false, 380],
      ['FREE-CAKE', false, 30],
      ['TEN-OFF', true, 0],
      ['MOVIE-TICKET', false, 180],
    ]);
    // What they can afford they can redeem: the voucher goes to their wallet.
    const bought = await setia.request('POST', `${T}/me/redemptions`, { redemptionId: 'RD-APP-BUDI-1', rewardId: 'TEN-OFF', storeId: 'JKT-01' }, await member('budi'));
    expect(bought).toMatchObject({ status: 201, body: { redemptionId: 'RD-APP-BUDI-1', customerId: 'budi', points: 0 } });
    const wallet = (await setia.request('GET', `${T}/me/vouchers`, undefined, await member('budi'))).body;
    expect(wallet.vouchers.map((voucher: { voucherId: string; benefit: unknown }) => [voucher.voucherId, voucher.benefit])).toEqual([['redemption:RD-APP-BUDI-1', { kind: 'amountOff', amount: 10_000 }]]);
    expect((await setia.request('GET', `${T}/me/rewards`, undefined, await member('budi'))).body.rewards.map((reward: { affordable: boolean }) => reward.affordable)).toEqual([false, false, false, false, false]);
  });

  it('redeems for themselves, recorded as done by the member, with the till\'s limits', async () => {
    const ani = await member('ani');
    const redeemed = await setia.request('POST', `${T}/me/redemptions`, { redemptionId: 'RD-APP-1', rewardId: 'COFFEE', storeId: 'JKT-01' }, ani);
    expect(redeemed).toMatchObject({ status: 201, body: { redemptionId: 'RD-APP-1', customerId: 'ani', points: 20 } });
    const [recorded] = (await setia.store.readStream(`customer-${TENANT}-ani`)).filter((event) => event.type === 'RewardRedeemed');
    expect(recorded.metadata.principal).toBe('member:ani');
    // The same limits as at the till: 20 points do not pay for a coffee.
    const before = await setia.lastPosition();
    const refused = await setia.request('POST', `${T}/me/redemptions`, { redemptionId: 'RD-APP-2', rewardId: 'COFFEE', storeId: 'JKT-01' }, ani);
    expect(refused.status).toBe(409);
    // A customerId in the body is not theirs to choose: refused as an unknown field.
    const otherTarget = await setia.request('POST', `${T}/me/redemptions`, { redemptionId: 'RD-APP-3', rewardId: 'COFFEE', storeId: 'JKT-01', customerId: 'budi' }, ani);
    expect(otherTarget).toMatchObject({ status: 400, body: { field: 'customerId' } });
    expect(await setia.lastPosition()).toBe(before);
  });

  it('gives feedback on their own receipt only', async () => {
    const ani = await member('ani');
    const before = await setia.lastPosition();
    const others = await setia.request('POST', `${T}/me/feedback`, { feedbackId: 'FB-APP-0', storeId: 'JKT-01', receiptId: 'R-BUDI-1', nps: 0 }, ani);
    expect(others).toMatchObject({ status: 422, body: { field: 'receiptId' } });
    expect(await setia.lastPosition()).toBe(before);
    const own = await setia.request('POST', `${T}/me/feedback`, { feedbackId: 'FB-APP-1', storeId: 'JKT-01', receiptId: 'R-ANI-1', nps: 9, csat: 5 }, ani);
    expect(own).toMatchObject({ status: 201, body: { bonusPoints: 20, points: 40 } });
  });

  it('never reaches another member, a staff route or another tenant, and records nothing trying', async () => {
    const ani = await member('ani');
    const before = await setia.lastPosition();
    const attempts: Array<[string, string, unknown, number]> = [
      ['GET', `${T}/customers/budi`, undefined, 403],
      ['GET', `${T}/customers/ani`, undefined, 403],
      ['GET', `${T}/customers/budi/ledger`, undefined, 403],
      ['GET', `${T}/cards/${encodeURIComponent('6001 0002')}`, undefined, 403],
      ['POST', `${T}/purchases`, purchase('ani', 9_000_000), 403],
      ['POST', `${T}/redemptions`, { redemptionId: 'RD-X', customerId: 'budi', rewardId: 'COFFEE', storeId: 'JKT-01' }, 403],
      ['DELETE', `${T}/customers/budi/personal-data`, undefined, 403],
      ['GET', `${T}/dashboards/tiers`, undefined, 403],
      ['GET', `${T}/program`, undefined, 403],
      ['GET', '/v1/tenants/other/me', undefined, 404],
      ['POST', '/v1/tenants', { tenantId: 'mine' }, 403],
    ];
    const answers = [];
    for (const [method, url, body] of attempts) answers.push([method, url, (await setia.request(method as 'GET', url, body, ani)).status]);
    expect(answers).toEqual(attempts.map(([method, url, , status]) => [method, url, status]));
    expect(await setia.lastPosition()).toBe(before);
    // A token naming someone unknown finds no one.
    expect((await setia.request('GET', `${T}/me`, undefined, await member('nobody'))).status).toBe(404);
  });

  it('a token with the configured member scope and no role acts as the member its sub names', async () => {
    const token = await tokenFor({ setia_tenant: TENANT, scope: `openid ${MEMBER_SCOPE}`, sub: 'budi' });
    expect((await setia.request('GET', `${T}/me`, undefined, bearer(token))).body).toMatchObject({ customerId: 'budi' });
    const staffRole = await tokenFor({ setia_tenant: TENANT, setia_role: 'analyst', scope: MEMBER_SCOPE, sub: 'budi' });
    expect((await setia.request('GET', `${T}/me`, undefined, bearer(staffRole))).status).toBe(403);
  });

  it('asks to be forgotten: recorded as done by the member, and the ledger verifies', async () => {
    const erased = await setia.request('POST', `${T}/me/erasure`, undefined, await member('ani'));
    expect(erased.status).toBe(200);
    const [recorded] = (await setia.store.readStream(`customer-${TENANT}-ani`)).filter((event) => event.type === 'PersonalDataErased');
    expect(recorded.metadata.principal).toBe('member:ani');
    expect((await setia.request('GET', `${T}/me`, undefined, await member('ani'))).body).toMatchObject({ cardNumber: null, birthday: null, personalDataErased: true, points: 40 });
    let out = '';
    const code = await main(['ledger', 'verify', '--tenant', TENANT, '--no-read-model'], { out: (text) => (out += `${text}\n`), err: { write: () => true, isTTY: false }, env: { SETIA_DATA_DIR: setia.dataDir } });
    expect(out).toContain('OK: everything agrees');
    expect(code).toBe(0);
  });
});

describe('the member API: rate limits count per member', () => {
  it('a member sending too fast gets 429, while another member of the chain is still answered', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const dir = mkdtempSync(join(tmpdir(), 'setia-member-rate-'));
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'app-1', alg: 'ES256' }] }));
    const setia = await startSetia({ SETIA_JWT_ISSUER: ISSUER, SETIA_JWT_AUDIENCE: AUDIENCE, SETIA_JWT_TENANT: TENANT, SETIA_JWT_JWKS_FILE: file, SETIA_RATE_LIMIT: '2' });
    try {
      const now = Math.floor(Date.now() / 1000);
      const token = (sub: string) =>
        new SignJWT({ setia_tenant: TENANT, setia_role: 'member', sub }).setProtectedHeader({ alg: 'ES256', kid: 'app-1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt(now).setExpirationTime(now + 300).sign(privateKey);
      const ani = bearer(await token('ani'));
      const budi = bearer(await token('budi'));
      // Two per second with a burst of four: the sixth of six at once is refused.
      const statuses = [];
      for (let n = 0; n < 6; n++) statuses.push((await setia.request('GET', `${T}/me`, undefined, ani)).status);
      expect(statuses.slice(-1)).toEqual([429]);
      // Neither member exists in this store (404), but budi's own allowance is untouched.
      expect((await setia.request('GET', `${T}/me`, undefined, budi)).status).toBe(404);
    } finally {
      await setia.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
