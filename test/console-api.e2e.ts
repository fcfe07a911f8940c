import { addDays, localDate } from '@setia/domain';
import { hoursAgo, PROGRAM, purchase } from './support/program';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const T = '/v1/tenants/kopi_console';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** The answers the console asks for beside the dashboards: who the key is, the program's revisions, active customers, comments. */
describe('console API: caller, program revisions, active customers, purchase counts, latest comments', () => {
  let setia: TestApp;

  beforeAll(async () => {
    setia = await startSetia();
    expect((await setia.request('PUT', `${T}/program`, PROGRAM)).status).toBe(200);
    expect((await setia.request('PUT', `${T}/program`, { ...PROGRAM, earn: { spendPerPoint: 5_000 } })).status).toBe(200);
    // Ani bought an hour ago at JKT-01, Budi 40 days ago at JAP-01, Citra 100 days ago, Dewi 10 days ago at JAP-01.
    for (const [customerId, hours, storeId] of [
      ['ani', 1, 'JKT-01'],
      ['budi', 40 * 24, 'JAP-01'],
      ['citra', 100 * 24, 'JKT-01'],
      ['dewi', 10 * 24, 'JAP-01'],
    ] as const) {
      expect((await setia.request('POST', `${T}/purchases`, purchase(customerId, 100_000, { storeId, occurredAt: hoursAgo(hours) }))).status).toBe(201);
    }
    const last = await setia.lastPosition();
    await eventually(async () => {
      const { body } = await setia.request('GET', `${T}/dashboards/tiers`);
      return body.checkpoint !== null && body.checkpoint >= last! ? true : undefined;
    });
  });
  afterAll(() => setia.close());

  it('tells a key its role, tenant and stores, and never its secret', async () => {
    const admin = await setia.keyFor('kopi_console', 'admin');
    const answer = await setia.request('GET', `${T}/caller`, undefined, bearer(admin));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ tenant: 'kopi_console', keyId: expect.stringMatching(/^kopi_console\./), role: 'admin', stores: null });
    expect(JSON.stringify(answer.body)).not.toContain(admin.split('_').pop()!);
    const till = await setia.request('POST', `${T}/keys`, { role: 'pos', stores: ['JKT-01'] }, bearer(admin));
    expect((await setia.request('GET', `${T}/caller`, undefined, bearer(till.body.key))).body).toMatchObject({ role: 'pos', stores: ['JKT-01'] });
  });

  it('lists every revision of the program, newest first, with who set it and the rules it set', async () => {
    const answer = await setia.request('GET', `${T}/program/revisions`);
    expect(answer.status).toBe(200);
    expect(answer.body.revisions.map((revision: { revision: number }) => revision.revision)).toEqual([1, 0]);
    expect(answer.body.revisions[0]).toEqual({
      revision: 1,
      change: 'ProgramConfigured',
      configuredAt: expect.any(String),
      principal: expect.stringMatching(/^kopi_console\./),
      program: { ...PROGRAM, earn: { spendPerPoint: 5_000 } },
    });
    expect(answer.body.revisions[1].program).toEqual(PROGRAM);
    expect((await setia.request('GET', '/v1/tenants/no_program/program/revisions')).status).toBe(404);
  });

  it('counts customers who bought at all, within 30 and within 90 days, up to today or an earlier day, for the chain and at a store', async () => {
    const today = (zone: string) => localDate(new Date().toISOString(), zone);
    const chain = await setia.request('GET', `${T}/dashboards/active-customers`);
    expect(chain.status).toBe(200);
    expect(chain.body).toEqual({
      checkpoint: expect.any(String),
      checkpointRecordedAt: expect.any(String),
      generation: 'g0',
      asOf: today('Asia/Jakarta'),
      storeId: null,
      customers: 4,
      last30Days: 2,
      last90Days: 3,
    });
    // At a store: who bought there (Budi and Dewi at JAP-01), on that store's day.
    const jayapura = await setia.request('GET', `${T}/dashboards/active-customers?storeId=JAP-01`);
    expect(jayapura.body).toMatchObject({ asOf: today('Asia/Jayapura'), storeId: 'JAP-01', customers: 2, last30Days: 1, last90Days: 2 });
    // 35 days ago: Budi (40 days before now) and Citra (100) had bought; Budi within 30 days, both within 90.
    const before = addDays(today('Asia/Jakarta'), -35);
    expect((await setia.request('GET', `${T}/dashboards/active-customers?asOf=${before}`)).body).toMatchObject({ asOf: before, customers: 2, last30Days: 1, last90Days: 2 });
    expect((await setia.request('GET', `${T}/dashboards/active-customers?asOf=${before}&storeId=JAP-01`)).body).toMatchObject({ customers: 1, last30Days: 1, last90Days: 1 });
    expect((await setia.request('GET', `${T}/dashboards/active-customers?asOf=2025-06-30`)).body).toMatchObject({ customers: 0, last30Days: 0, last90Days: 0 });
    // A day after today answers for today.
    expect((await setia.request('GET', `${T}/dashboards/active-customers?asOf=2999-01-01`)).body).toMatchObject({ asOf: today('Asia/Jakarta'), customers: 4, last30Days: 2 });
    expect((await setia.request('GET', `${T}/dashboards/active-customers?storeId=a|b`)).status).toBe(400);
    const refused = await setia.request('GET', `${T}/dashboards/active-customers?asOf=30-06-2025`);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/asOf/);
  });

  it('counts customers by their number of purchases, for the purchase-frequency histogram', async () => {
    await setia.request('POST', `${T}/purchases`, purchase('ani', 50_000));
    await setia.request('POST', `${T}/purchases`, purchase('ani', 50_000));
    await setia.request('POST', `${T}/purchases`, purchase('budi', 50_000, { storeId: 'JAP-01' }));
    const last = await setia.lastPosition();
    const answer = await eventually(async () => {
      const { body } = await setia.request('GET', `${T}/dashboards/purchase-counts`);
      return body.checkpoint >= last! ? body : undefined;
    });
    const customers = answer.buckets.map((bucket: { customers: number }) => bucket.customers);
    expect(answer.buckets.map((bucket: { from: number; to: number | null }) => [bucket.from, bucket.to])).toEqual([[1, 1], [2, 2], [3, 3], [4, 5], [6, 10], [11, 20], [21, null]]);
    // Ani 3 purchases, Budi 2, Citra and Dewi 1.
    expect(customers).toEqual([2, 1, 1, 0, 0, 0, 0]);
    // By the store of the last purchase: Budi and Dewi last bought at JAP-01.
    expect((await setia.request('GET', `${T}/dashboards/purchase-counts?storeId=JAP-01`)).body.buckets.map((bucket: { customers: number }) => bucket.customers)).toEqual([1, 1, 0, 0, 0, 0, 0]);
  });

  it('gives the latest feedback comments newest first, by store, pages on, and leaves out those of a forgotten customer', async () => {
    const feedback = (feedbackId: string, customerId: string, storeId: string, comment?: string) =>
      setia.request('POST', `${T}/feedback`, { feedbackId, customerId, storeId, nps: 7, csat: 4, ...(comment !== undefined && { comment }) });
    expect((await feedback('FB-1', 'ani', 'JKT-01', 'Kopi enak')).status).toBe(201);
    expect((await feedback('FB-2', 'budi', 'JAP-01')).status).toBe(201);
    expect((await feedback('FB-3', 'citra', 'JAP-01', 'Antrian panjang')).status).toBe(201);
    expect((await feedback('FB-4', 'dewi', 'JKT-01', 'Ramah')).status).toBe(201);
    const all = await setia.request('GET', `${T}/feedback/comments`);
    expect(all.status).toBe(200);
    expect(all.body.comments.map((c: { feedbackId: string; comment: string }) => [c.feedbackId, c.comment])).toEqual([
      ['FB-4', 'Ramah'],
      ['FB-3', 'Antrian panjang'],
      ['FB-1', 'Kopi enak'],
    ]);
    expect(all.body.comments[0]).toMatchObject({ customerId: 'dewi', storeId: 'JKT-01', nps: 7, csat: 4 });
    expect(all.body.nextBefore).toBeNull();
    expect((await setia.request('GET', `${T}/feedback/comments?storeId=JAP-01`)).body.comments.map((c: { feedbackId: string }) => c.feedbackId)).toEqual(['FB-3']);
    const first = await setia.request('GET', `${T}/feedback/comments?limit=1`);
    expect(first.body.comments.map((c: { feedbackId: string }) => c.feedbackId)).toEqual(['FB-4']);
    const next = await setia.request('GET', `${T}/feedback/comments?limit=2&before=${first.body.nextBefore}`);
    expect(next.body.comments.map((c: { feedbackId: string }) => c.feedbackId)).toEqual(['FB-3', 'FB-1']);
    expect((await setia.request('DELETE', `${T}/customers/citra/personal-data`)).status).toBe(200);
    expect((await setia.request('GET', `${T}/feedback/comments`)).body.comments.map((c: { feedbackId: string }) => c.feedbackId)).toEqual(['FB-4', 'FB-1']);
  });
});
