// Functions passed to page.evaluate run in the browser: the DOM's types are theirs.
/// <reference lib="dom" />
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@setia/platform';
import type { Browser, Page } from 'playwright-core';
import { createHttpApp } from '../apps/api/src/http/create-http-app';
import { SetiaModule } from '../apps/setia/src/setia.module';
import { apiClient, buildConsole, launchChromium, listen, open, screenshot, seriousViolations, signedIn, value, values } from './support/console-browser';
import { addDays, localDate } from '@setia/domain';
import { hoursAgo, PROGRAM, purchase } from './support/program';
import { eventually, TEST_ADMIN_KEY, TEST_RECEIPTS_SINCE } from './support/setia-app';

const TENANT = 'kopi_nusantara';
const T = `/v1/tenants/${TENANT}`;
const DAY = 24;

/**
 * The console in a real Chromium, against the all-in-one on a real port, with a scenario seeded
 * through the HTTP API. Every figure on a page is compared with the API's own answer for the same
 * key, never with a constant.
 */
describe('console: the loyalty team\'s web page, in Chromium', () => {
  let app: NestFastifyApplication;
  let dataDir: string;
  let base: string;
  let browser: Browser;
  let call: ReturnType<typeof apiClient>;
  const keys: Record<'admin' | 'analyst' | 'auditor' | 'pos', string> = { admin: '', analyst: '', auditor: '', pos: '' };
  const pages: Page[] = [];

  const get = async <T = any>(key: string, path: string): Promise<T> => {
    const answer = await call<T>(key, 'GET', `${T}/${path}`);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const page = async (role: keyof typeof keys) => {
    const opened = await signedIn(browser, base, keys[role]);
    pages.push(opened);
    return opened;
  };

  beforeAll(async () => {
    buildConsole();
    dataDir = mkdtempSync(join(tmpdir(), 'setia-console-'));
    const config = loadConfig({ SETIA_DATA_DIR: dataDir, SETIA_SQLITE_SYNCHRONOUS: 'NORMAL', SETIA_ADMIN_KEY: TEST_ADMIN_KEY, SETIA_RATE_LIMIT: '10000' });
    app = await createHttpApp(SetiaModule.forRoot(config), { logger: false });
    base = await listen(app);
    call = apiClient(base);
    expect((await call(TEST_ADMIN_KEY, 'POST', '/v1/tenants', { tenantId: TENANT, receiptsSince: TEST_RECEIPTS_SINCE })).status).toBe(201);
    for (const role of Object.keys(keys) as Array<keyof typeof keys>) keys[role] = (await call(TEST_ADMIN_KEY, 'POST', `${T}/keys`, { role })).body.key;
    await seed();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Six customers over five months in two stores and time zones: members and buyers, a return, a redemption, feedback. */
  async function seed(): Promise<void> {
    const post = async (path: string, body: unknown, key = keys.pos) => {
      const answer = await call(key, 'POST', `${T}/${path}`, body);
      if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    // Rp 100 a point, and points that expire a year after they were earned.
    const program = { ...PROGRAM, pointValue: 100, pointsExpiry: { afterMonths: 12, noticeDays: 30 } };
    expect((await call(keys.admin, 'PUT', `${T}/program`, program)).body).toMatchObject({ revision: 0 });
    for (const [customerId, homeStoreId] of [['ani', 'JKT-01'], ['budi', 'JAP-01'], ['citra', 'JKT-01'], ['dewi', 'JAP-01']]) {
      await post('members', { customerId, cardNumber: `6001 ${customerId}`, homeStoreId });
    }
    const purchases: Array<[string, number, number, string]> = [
      ['ani', 100 * DAY, 600_000, 'JKT-01'],
      ['ani', 70 * DAY, 500_000, 'JKT-01'],
      ['ani', 5 * DAY, 300_000, 'JKT-01'],
      ['budi', 95 * DAY, 200_000, 'JAP-01'],
      ['budi', 40 * DAY, 250_000, 'JAP-01'],
      ['citra', 130 * DAY, 100_000, 'JKT-01'],
      ['dewi', 20 * DAY, 1_200_000, 'JAP-01'],
      ['dewi', 2, 400_000, 'JAP-01'],
      ['eko', 60 * DAY, 150_000, 'JKT-01'],
      ['eko', 50 * DAY, 80_000, 'JAP-01'],
      ['fajar', 3 * DAY, 90_000, 'JKT-01'],
    ];
    for (const [customerId, hours, total, storeId] of purchases) {
      await post('purchases', purchase(customerId, total, { receiptId: `R-${customerId}-${hours}`, storeId, occurredAt: hoursAgo(hours) }));
    }
    // A campaign running now with a budget, which Gita's purchase draws on, and one that was ended before it began.
    const today = localDate(new Date().toISOString(), 'Asia/Jakarta');
    await post('campaigns', { campaignId: 'gajian', name: 'Payday bonus', from: addDays(today, -10), to: addDays(today, 20), effect: { bonusPoints: 50 }, budget: { points: 120 } }, keys.admin);
    await post('campaigns', { campaignId: 'merdeka', name: 'Merdeka double points', from: addDays(today, 5), to: addDays(today, 9), effect: { multiplier: 2 }, stores: ['JKT-01'] }, keys.admin);
    expect((await call(keys.admin, 'POST', `${T}/campaigns/merdeka/end`)).status).toBe(200);
    await post('members', { customerId: 'gita', cardNumber: '6001 gita', homeStoreId: 'JKT-01' });
    await post('purchases', purchase('gita', 150_000, { receiptId: 'R-gita-1', storeId: 'JKT-01', occurredAt: hoursAgo(1) }));
    await post('returns', { returnId: 'RT-1', receiptId: `R-ani-${5 * DAY}`, storeId: 'JKT-01', customerId: 'ani', occurredAt: hoursAgo(4 * DAY), amount: 100_000 });
    await post('redemptions', { redemptionId: 'RD-1', customerId: 'ani', rewardId: 'COFFEE', storeId: 'JKT-01' });
    await post('feedback', { feedbackId: 'FB-1', customerId: 'ani', storeId: 'JKT-01', receiptId: `R-ani-${5 * DAY}`, nps: 9, csat: 5, comment: 'Kopi susu enak sekali' });
    await post('feedback', { feedbackId: 'FB-2', customerId: 'budi', storeId: 'JAP-01', nps: 6, csat: 3, comment: 'Antrian terlalu panjang' });
    await post('feedback', { feedbackId: 'FB-3', customerId: 'dewi', storeId: 'JAP-01', nps: 10, csat: 5, comment: 'Pelayanan ramah' });
    await post('feedback', { feedbackId: 'FB-4', customerId: 'citra', storeId: 'JKT-01', nps: 7, csat: 4 });
    // Gold's card takes 5% off; member-only offers running, upcoming, over and ended, which members' purchases apply as the till quoted them.
    const revised = await call(keys.admin, 'PUT', `${T}/program`, { ...program, tiers: program.tiers.map((tier) => (tier.name === 'Gold' ? { ...tier, discountPercent: 5 } : tier)) });
    expect(revised.status).toBe(200);
    await post('segments', { segmentId: 'regulars', name: 'Two purchases or more', purchaseCount: { min: 2 } }, keys.admin);
    const running = { from: addDays(today, -7), to: addDays(today, 21) };
    for (const offer of [
      { offerId: 'kopi-3', name: 'Kopi 3 for 70,000', ...running, kind: 'bundle', sku: 'KOPI', quantity: 3, price: 70_000, limitPerMember: 2 },
      { offerId: 'gold-drinks', name: 'Gold: drinks 10% off', ...running, kind: 'percentOff', percent: 10, category: 'drinks', tiers: ['Gold'] },
      { offerId: 'spend-350k', name: 'Spend 350,000, get 50,000 off', ...running, kind: 'amountOff', amount: 50_000, minSpend: 350_000, stores: ['JKT-01'] },
      { offerId: 'lebaran', name: 'Lebaran 15% off', from: addDays(today, 30), to: addDays(today, 40), kind: 'percentOff', percent: 15, segment: 'regulars', limitPerMember: 1 },
      { offerId: 'imlek', name: 'Imlek 8,000 off', from: addDays(today, -60), to: addDays(today, -45), kind: 'amountOff', amount: 8_000 },
      { offerId: 'flash', name: 'Flash sale 10,000 off', ...running, kind: 'amountOff', amount: 10_000 },
    ]) {
      await post('offers', offer, keys.admin);
    }
    expect((await call(keys.admin, 'POST', `${T}/offers/flash/end`)).status).toBe(200);
    const kopi = (quantity: number) => ({ sku: 'KOPI', category: 'drinks', quantity, unitPrice: 25_000 });
    const rice = { sku: 'RICE', category: 'groceries', quantity: 1, unitPrice: 400_000 };
    const baskets: Array<[string, string, Array<Record<string, unknown>>]> = [
      ['ani', 'JKT-01', [kopi(4), rice]],
      ['dewi', 'JAP-01', [kopi(3)]],
      ['budi', 'JKT-01', [rice]],
      ['ani', 'JKT-01', [kopi(6)]],
    ];
    for (const [i, [customerId, storeId, lines]] of baskets.entries()) {
      const listTotal = lines.reduce((sum, line) => sum + (line.quantity as number) * (line.unitPrice as number), 0);
      const { receiptId: _receiptId, total: _total, ...basket } = purchase(customerId, listTotal, { storeId, lines, occurredAt: hoursAgo(1) });
      const quoted = await call(keys.pos, 'POST', `${T}/quotes`, basket);
      expect(quoted.status).toBe(200);
      expect(quoted.body.appliedOffers.length).toBeGreaterThan(0);
      await post('purchases', { ...basket, receiptId: `R-offer-${i}`, total: quoted.body.total, appliedOffers: quoted.body.appliedOffers });
    }
    // The read models reflect every event before any page is opened.
    const config = await call(keys.admin, 'GET', `${T}/dashboards/tiers`);
    expect(config.status).toBe(200);
    const store = (app as unknown as { get(token: unknown): { readAll(options: object): Promise<Array<{ position: string }>> } }).get(
      (await import('@setia/event-store')).EVENT_STORE,
    );
    const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    await eventually(async () => ((await get(keys.admin, 'dashboards/tiers')).checkpoint >= last.position ? true : undefined), 10_000);
  }

  it('serves /console as static files under a CSP with no inline script, and keeps the key out of URLs and storage that outlives the tab', async () => {
    const response = await fetch(`${base}/console/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
    // /console redirects to the page; the API's own routes stay behind keys.
    expect((await fetch(`${base}/console`, { redirect: 'manual' })).status).toBe(301);
    expect((await fetch(`${base}${T}/dashboards/tiers`)).status).toBe(401);

    const admin = await page('admin');
    const violations: string[] = [];
    admin.on('console', (message) => message.type() === 'error' && violations.push(message.text()));
    for (const hash of ['#/overview', '#/retention', '#/feedback', '#/liability', '#/customers', '#/program', '#/keys']) await open(admin, hash);
    expect(violations).toEqual([]);
    expect(admin.url()).not.toContain(keys.admin);
    expect(await admin.evaluate(() => sessionStorage.getItem('setia.console.key'))).toBe(keys.admin);
    expect(await admin.evaluate(() => localStorage.length)).toBe(0);
    expect(await admin.evaluate(() => document.cookie)).toBe('');
  }, 60_000);

  it('signs in with each role and shows what that role may do; a till key, a platform key and an unknown key are refused in words', async () => {
    const nav = async (p: Page) => p.$$eval('nav[aria-label=Pages] a', (links) => links.map((link) => link.textContent));
    expect(await nav(await page('admin'))).toEqual(['Overview', 'Retention', 'Feedback', 'Liability', 'Customers', 'Program', 'Keys']);
    expect(await nav(await page('analyst'))).toEqual(['Overview', 'Retention', 'Feedback', 'Liability', 'Customers', 'Program']);
    const auditor = await page('auditor');
    expect(await nav(auditor)).toEqual(['Customers', 'Program']);
    expect(await auditor.textContent('h1')).toBe('Customers');

    const refused = async (key: string) => {
      const context = await browser.newContext();
      const p = await context.newPage();
      await p.goto(`${base}/console/`);
      await p.fill('#api-key', key);
      await p.click('button[type=submit]');
      const message = await (await p.waitForSelector('#sign-in-problem')).textContent();
      expect(await p.evaluate(() => sessionStorage.length)).toBe(0);
      await context.close();
      return message;
    };
    expect(await refused(keys.pos)).toMatch(/till \(pos\) key cannot open the console/);
    expect(await refused(TEST_ADMIN_KEY)).toMatch(/platform key/);
    expect(await refused(`setia_${TENANT}.0123456789abcdef_${'x'.repeat(43)}`)).toMatch(/does not know this key, or it was revoked/);
    expect(await refused('not a key')).toMatch(/not a Setia API key/);
  }, 60_000);

  it('overview: members, active customers, repeat-purchase rate, revenue, points and NPS equal the API\'s answers, for the chain and for a store', async () => {
    const analyst = await page('analyst');
    // The chain and a store over the last twelve months, then the chain over a period that ended two months ago.
    const monthsAgo = (months: number) => { const d = new Date(); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() - months); return d.toISOString().slice(0, 7); };
    for (const [store, period] of [[undefined, ''], ['JAP-01', ''], [undefined, `from=${monthsAgo(6)}&to=${monthsAgo(2)}`]] as const) {
      await open(analyst, `#/overview${store || period ? `?${[store && `store=${store}`, period].filter(Boolean).join('&')}` : ''}`);
      const [from, to] = [await analyst.inputValue('input[name=from]'), await analyst.inputValue('input[name=to]')];
      const lastDay = new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)), 0)).toISOString().slice(0, 10);
      const storeQuery = store ? `&storeId=${store}` : '';
      const days = (await get(keys.analyst, `dashboards/store-daily?from=${from}-01&to=${lastDay}${storeQuery}`)).days as Array<Record<string, number>>;
      const frequency = (await get(keys.analyst, `dashboards/purchase-frequency?from=${from}&to=${to}${storeQuery}`)).months as Array<Record<string, number>>;
      const feedback = await get(keys.analyst, `dashboards/feedback?from=${from}&to=${to}${storeQuery}`);
      // Active customers at the end of the period (today while the period runs).
      const active = await get(keys.analyst, `dashboards/active-customers?asOf=${lastDay}${storeQuery}`);
      if (period) expect(active.asOf).toBe(lastDay);
      expect(await analyst.getAttribute('[data-figure=active-90] time', 'datetime')).toBe(active.asOf);
      const tiers = await get(keys.analyst, 'dashboards/tiers');
      const liability = await get(keys.analyst, 'dashboards/points-liability');
      const total = (rows: Array<Record<string, number>>, field: string) => rows.reduce((sum, row) => sum + row[field], 0);
      expect(total(days, 'revenue')).toBeGreaterThan(0);
      expect(await value(analyst, '[data-figure=revenue] data')).toBe(total(days, 'revenue'));
      expect(await value(analyst, '[data-figure=new-members] data')).toBe(total(days, 'newMembers'));
      expect(await value(analyst, '[data-figure=points-redeemed] data')).toBe(total(days, 'pointsRedeemed'));
      expect(await value(analyst, '[data-figure=repeat-purchase-rate] data')).toBeCloseTo(total(frequency, 'repeatCustomers') / total(frequency, 'uniqueCustomers'), 12);
      expect(await value(analyst, '[data-figure=nps] data')).toBe(feedback.totals.nps);
      expect(await value(analyst, '[data-figure=members] data')).toBe(tiers.members);
      expect(await value(analyst, '[data-figure=active-30] data')).toBe(active.last30Days);
      expect(await value(analyst, '[data-figure=active-90] data')).toBe(active.last90Days);
      expect(await value(analyst, '[data-figure=points-outstanding] data')).toBe(liability.outstanding);
      expect(liability.value).toBeGreaterThan(0);
      expect(await value(analyst, '[data-figure=points-value] data')).toBe(liability.value);
      // Every figure names the event it reflects and how old that event is (when it was recorded, as the API says).
      const checkpoints = await analyst.$$eval('[data-figure] .as-of', (notes) =>
        notes.map((note) => ({ text: note.textContent!, checkpoint: note.getAttribute('data-checkpoint'), recordedAt: note.getAttribute('data-checkpoint-recorded-at') })),
      );
      expect(checkpoints.length).toBe(10);
      for (const note of checkpoints) {
        expect({ checkpoint: note.checkpoint, recordedAt: note.recordedAt }).toEqual({ checkpoint: tiers.checkpoint, recordedAt: tiers.checkpointRecordedAt });
        const [, event, age, unit] = /^as of event ([\d,]+), (\d+)(s|m) ago$/.exec(note.text) ?? [];
        expect(Number(event?.replace(/,/g, ''))).toBe(Number(tiers.checkpoint));
        const seconds = (Date.now() - Date.parse(tiers.checkpointRecordedAt)) / 1000;
        expect(unit === 's' ? Math.abs(Number(age) - seconds) < 3 : Number(age) === Math.floor(seconds / 60)).toBe(true);
      }
      // Money in the program's currency: Rupiah without decimals.
      expect(await analyst.textContent('[data-figure=revenue] data')).toBe(
        new Intl.NumberFormat('en-US', { style: 'currency', currency: 'IDR', minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(total(days, 'revenue')),
      );
      if (!period) await screenshot(analyst, store ? 'overview-store' : 'overview');
    }
  }, 60_000);

  it('retention: the cohort heatmap, the funnel, the purchase-frequency histogram and daily revenue per store draw the API\'s figures', async () => {
    const analyst = await page('analyst');
    await open(analyst, '#/retention');
    const [from, to] = [await analyst.inputValue('input[name=from]'), await analyst.inputValue('input[name=to]')];
    const cohorts = (await get(keys.analyst, `dashboards/cohorts?from=${from}&to=${to}`)).cohorts as Array<{ cohortMonth: string; customers: number; retention: Array<number | null> }>;
    expect(cohorts.length).toBeGreaterThan(1);
    for (const cohort of cohorts) {
      const row = `[data-chart=cohorts] tr[data-cohort="${cohort.cohortMonth}"]`;
      expect(await value(analyst, `${row} td:nth-of-type(1) data`)).toBe(cohort.customers);
      expect((await values(analyst, `${row} td[data-k] data`)).slice(0, cohort.retention.length)).toEqual(cohort.retention);
    }
    const funnel = (await get(keys.analyst, `dashboards/funnel?from=${from}&to=${to}`)).totals;
    expect(await values(analyst, '[data-chart=funnel] li data')).toEqual([funnel.newBuyers, funnel.newRepeatCustomers, funnel.newMembersWhoBought]);
    const counts = (await get(keys.analyst, 'dashboards/purchase-counts')).buckets as Array<{ customers: number }>;
    expect(await values(analyst, '[data-chart=purchase-counts] td data')).toEqual(counts.map((bucket) => bucket.customers));
    const lastDay = new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)), 0)).toISOString().slice(0, 10);
    const days = (await get(keys.analyst, `dashboards/store-daily?from=${from}-01&to=${lastDay}`)).days as Array<{ storeId: string; date: string; revenue: number }>;
    for (const day of days.filter((row) => row.storeId !== '-')) {
      expect(await value(analyst, `[data-chart=store-revenue] tr[data-x="${day.date}"] td[data-series="${day.storeId}"] data`)).toBe(day.revenue);
    }
    // The charts are drawn: a uPlot canvas with a size, one per chart.
    for (const chart of ['purchase-counts', 'store-revenue']) {
      const size = await analyst.$eval(`[data-chart=${chart}] canvas`, (canvas) => [(canvas as HTMLCanvasElement).width, (canvas as HTMLCanvasElement).height]);
      expect(size[0]).toBeGreaterThan(200);
      expect(size[1]).toBeGreaterThan(100);
    }
    expect(await analyst.$$eval('[data-chart=store-revenue] .u-legend .u-series', (series) => series.length)).toBe(3);
    await screenshot(analyst, 'retention');
  }, 60_000);

  it('feedback: NPS and CSAT over time equal the API\'s, with the latest comments for an admin key', async () => {
    const admin = await page('admin');
    await open(admin, '#/feedback');
    const [from, to] = [await admin.inputValue('input[name=from]'), await admin.inputValue('input[name=to]')];
    const feedback = await get(keys.admin, `dashboards/feedback?from=${from}&to=${to}`);
    expect(feedback.totals.answers).toBe(4);
    expect(await value(admin, '[data-figure=nps] data')).toBe(feedback.totals.nps);
    expect(await value(admin, '[data-figure=csat] data')).toBe(feedback.totals.csatAverage);
    for (const month of feedback.months as Array<{ month: string; storeId: string }>) {
      const rows = (feedback.months as Array<{ month: string; answers: number; promoters: number; detractors: number }>).filter((row) => row.month === month.month);
      const answers = rows.reduce((sum, row) => sum + row.answers, 0);
      const nps = Math.round(((rows.reduce((sum, row) => sum + row.promoters - row.detractors, 0)) / answers) * 1000) / 10;
      expect(await value(admin, `[data-chart=nps-by-month] tr[data-x="${month.month}"] data`)).toBe(nps);
      const csat = rows as unknown as Array<{ csatAnswers: number; csatSum: number }>;
      const csatAnswers = csat.reduce((sum, row) => sum + row.csatAnswers, 0);
      expect(await value(admin, `[data-chart=csat-by-month] tr[data-x="${month.month}"] data`)).toBe(
        Math.round((csat.reduce((sum, row) => sum + row.csatSum, 0) / csatAnswers) * 100) / 100,
      );
    }
    await admin.waitForSelector('[data-list=comments]');
    const comments = (await get(keys.admin, 'feedback/comments?limit=20')).comments as Array<{ feedbackId: string; comment: string }>;
    expect(await admin.$$eval('[data-list=comments] li', (items) => items.map((item) => [item.getAttribute('data-feedback'), item.querySelector('blockquote')!.textContent]))).toEqual(
      comments.map((comment) => [comment.feedbackId, comment.comment]),
    );
    expect(comments.length).toBe(3);
    await screenshot(admin, 'feedback');
    const analyst = await page('analyst');
    await open(analyst, '#/feedback');
    expect(await analyst.$('[data-list=comments]')).toBeNull();
  }, 60_000);

  it('liability: points outstanding, earned and redeemed, by tier, equal the API\'s', async () => {
    const analyst = await page('analyst');
    await open(analyst, '#/liability');
    const liability = await get(keys.analyst, 'dashboards/points-liability');
    expect(liability.outstanding).toBeGreaterThan(0);
    expect(await value(analyst, '[data-figure=outstanding] data')).toBe(liability.outstanding);
    expect(await value(analyst, '[data-figure=earned] data')).toBe(liability.earned);
    expect(await value(analyst, '[data-figure=redeemed] data')).toBe(liability.redeemed);
    for (const tier of liability.byTier as Array<{ tier: string; outstanding: number; earned: number }>) {
      expect(await values(analyst, `[data-table=liability-by-tier] tr[data-tier="${tier.tier}"] data`)).toEqual([
        tier.outstanding,
        (tier as any).value,
        tier.earned,
        (tier as any).redeemed,
        (tier as any).reversed,
        (tier as any).expired,
      ]);
    }
    expect(await values(analyst, '[data-chart=outstanding-by-tier] td data')).toEqual(liability.byTier.map((tier: { outstanding: number }) => tier.outstanding));
    expect(await value(analyst, '[data-figure=value] data')).toBe(liability.value);
    expect(await value(analyst, '[data-figure=deferred-revenue] data')).toBe(liability.deferredRevenue);
    // Points expiring in each of the next twelve months, one bar per tier: the table reads month by month, tier by tier.
    const expiring = liability.byTier as Array<{ expiring: Array<{ points: number }> }>;
    expect(expiring.flatMap((tier) => tier.expiring).some((month) => month.points > 0)).toBe(true);
    expect(await values(analyst, '[data-chart=expiring-by-month] td data')).toEqual(
      liability.expiring.flatMap((_month: unknown, i: number) => expiring.map((tier) => tier.expiring[i].points)),
    );
    await screenshot(analyst, 'liability');
  }, 60_000);

  it('customers: the at-risk list is the API\'s; an auditor opens a customer and sees balance, tier and the ledger as a timeline with each decision\'s program revision', async () => {
    const analyst = await page('analyst');
    await open(analyst, '#/customers?days=30');
    const rows = await analyst.$$eval('[data-table=at-risk] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-customer')));
    const before = new Date(Math.floor((Date.now() - 30 * 86_400_000) / 86_400_000) * 86_400_000).toISOString();
    const atRisk = await get(keys.analyst, `customers?lastPurchaseBefore=${encodeURIComponent(before)}&limit=50`);
    expect(rows).toEqual(atRisk.customers.map((customer: { customerId: string }) => customer.customerId));
    expect(rows.length).toBeGreaterThan(0);
    await screenshot(analyst, 'customers');
    // The card lookup is the till's view: admin and auditor keys only.
    expect(await analyst.$('#card-search')).toBeNull();

    const auditor = await page('auditor');
    // By the card she shows: the till's lookup finds her; a card no member has says so.
    await auditor.fill('#card-search', '6001 9999');
    await auditor.click('form[aria-label="By card"] button');
    expect(await (await auditor.waitForSelector('form[aria-label="By card"] [role=alert]')).textContent()).toBe('no member has this card number');
    await auditor.fill('#card-search', '6001 ani');
    await auditor.click('form[aria-label="By card"] button');
    await auditor.waitForSelector('[data-timeline=ani] li');
    expect(await auditor.evaluate(() => location.hash)).toBe('#/customers/ani');
    await open(auditor, '#/customers');
    await auditor.fill('#customer-search', 'ani');
    await auditor.click('form[aria-label="By id"] button');
    await auditor.waitForSelector('[data-timeline=ani] li');
    await auditor.waitForFunction(() => document.querySelector('.loading') === null);
    const customer = await get(keys.auditor, 'customers/ani');
    expect(await value(auditor, '[data-source=ledger] [data-figure=points] data')).toBe(customer.points);
    expect(await auditor.textContent('[data-source=ledger] [data-figure=tier] data')).toBe(customer.tier);
    expect(await auditor.textContent('[data-source=ledger] [data-figure=stage] data')).toBe(customer.stage);
    const ledger = (await get(keys.auditor, 'customers/ani/ledger')).events as Array<{ revision: number; type: string; data: { programRevision?: number } }>;
    const timeline = await auditor.$$eval('[data-timeline=ani] li', (items) =>
      items.map((item) => [Number(item.getAttribute('data-revision')), item.getAttribute('data-type'), item.querySelector('[data-program-revision]')?.getAttribute('data-program-revision') ?? null]),
    );
    expect(timeline).toEqual(ledger.map((event) => [event.revision, event.type, event.data.programRevision === undefined ? null : String(event.data.programRevision)]));
    expect(timeline.some(([, type]) => type === 'RewardRedeemed')).toBe(true);
    // The balance as of a past date, from the ledger.
    const day = new Date(Date.now() - 80 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
    await auditor.fill('input[name=asOf]', day);
    await auditor.click('section[aria-labelledby=balance-title] button[type=submit]');
    const asOf = await (await auditor.waitForSelector('[data-balance-as-of]')).getAttribute('data-balance-as-of');
    expect(await value(auditor, '[data-figure=balance-as-of] data')).toBe((await get(keys.auditor, `customers/ani/balance?asOf=${encodeURIComponent(`${day}T23:59:59.999+07:00`)}`)).points);
    expect(asOf).toBe(`${day}T16:59:59.999Z`);
    await screenshot(auditor, 'customer');
  }, 60_000);

  it('keys: an admin creates an analyst key, sees it once, and finds it in the list', async () => {
    const admin = await page('admin');
    await open(admin, '#/keys');
    await admin.selectOption('select[name=role]', 'analyst');
    await admin.click('text=Create a key');
    const shown = await (await admin.waitForSelector('.new-key input')).inputValue();
    expect(shown).toMatch(new RegExp(`^setia_${TENANT}\\.[0-9a-f]{16}_`));
    const keyId = shown.slice('setia_'.length, shown.indexOf('_', `setia_${TENANT}.`.length));
    await admin.waitForSelector(`[data-key="${keyId}"]`);
    const listed = (await get(keys.admin, 'keys')).keys.map((key: { keyId: string }) => key.keyId);
    expect(await admin.$$eval('[data-table=keys] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-key')))).toEqual(listed);
    expect((await call(shown, 'GET', `${T}/caller`)).body.role).toBe('analyst');
    await admin.evaluate(() => document.querySelector('.new-key')?.remove());
    await screenshot(admin, 'keys');
  }, 60_000);

  it('program: an admin edits the earn rate and sees the new revision; a refused edit shows the refusal next to its field', async () => {
    const admin = await page('admin');
    await open(admin, '#/program');
    const before = await get(keys.admin, 'program');
    expect(await admin.getAttribute('[data-revision]', 'data-revision')).toBe(String(before.revision));
    // Refused by the program's rules (422): the first tier must start at 0.
    await admin.fill('[id="field-tiers[0].minQualifyingSpend"]', '5');
    await admin.click('text=Save as a new revision');
    const ruleError = await admin.waitForSelector('[data-error-for="tiers[0].minQualifyingSpend"]');
    expect(await ruleError.textContent()).toMatch(/first tier must start at 0/);
    expect(await admin.getAttribute('[id="field-tiers[0].minQualifyingSpend"]', 'aria-invalid')).toBe('true');
    // Refused by the schema (400): a multiplier that is not a number.
    await admin.fill('[id="field-tiers[0].minQualifyingSpend"]', '0');
    await admin.fill('[id="field-tiers[1].multiplier"]', 'abc');
    await admin.click('text=Save as a new revision');
    expect(await (await admin.waitForSelector('[data-error-for="tiers[1].multiplier"]')).textContent()).toMatch(/tiers\[1\]\.multiplier must be a number/);
    await screenshot(admin, 'program-refused');
    expect((await get(keys.admin, 'program')).revision).toBe(before.revision);

    await admin.fill('[id="field-tiers[1].multiplier"]', '1.5');
    await admin.fill('[id="field-earn.spendPerPoint"]', '5000');
    await admin.click('text=Save as a new revision');
    await admin.waitForSelector(`.lead[data-revision="${before.revision + 1}"]`);
    const after = await get(keys.admin, 'program');
    expect(after.revision).toBe(before.revision + 1);
    expect(after.program.earn.spendPerPoint).toBe(5000);
    expect(await admin.textContent('[data-outcome]')).toBe(`Saved: revision ${after.revision} is in force.`);
    await admin.waitForSelector(`.revisions li[data-revision="${after.revision}"]`);
    expect(await admin.textContent(`.revisions li[data-revision="${after.revision}"] .changes`)).toBe('earn.spendPerPoint: 10000 → 5000');
    await screenshot(admin, 'program');

    // Analysts and auditors read the rules; the form does not let them edit.
    const analyst = await page('analyst');
    await open(analyst, '#/program');
    expect(await analyst.$('text=Save as a new revision')).toBeNull();
    expect(await analyst.getAttribute('[id="field-earn.spendPerPoint"]', 'readonly')).not.toBeNull();
  }, 60_000);

  it('program: the rewards catalogue with what each is worth, and the campaigns with their window, status, budget and what they gave, as the API has them', async () => {
    const analyst = await page('analyst');
    await open(analyst, '#/program');
    const { program } = await get(keys.analyst, 'program');
    await analyst.waitForSelector('[data-table=rewards]');
    const rewards = await analyst.$$eval('[data-table=rewards] tbody tr', (rows) =>
      rows.map((row) => [row.getAttribute('data-reward'), ...Array.from(row.querySelectorAll('data')).map((cell) => Number(cell.getAttribute('value')))]),
    );
    expect(rewards).toEqual(program.rewards.map((reward: { rewardId: string; points: number }) => [reward.rewardId, reward.points, reward.points * program.pointValue]));

    const { campaigns } = await get(keys.analyst, 'campaigns');
    const dashboard = await get(keys.analyst, 'dashboards/campaigns');
    await analyst.waitForSelector('[data-table=campaigns]');
    const shown = await analyst.$$eval('[data-table=campaigns] tbody tr', (rows) =>
      rows.map((row) => ({
        campaignId: row.getAttribute('data-campaign'),
        window: Array.from(row.querySelectorAll('time')).slice(0, 2).map((time) => time.getAttribute('datetime')),
        status: row.querySelector('[data-status]')!.textContent!.split(' ')[0],
        figures: Array.from(row.querySelectorAll('data')).map((cell) => ((cell.getAttribute('value') ?? '') === '' ? null : Number(cell.getAttribute('value')))),
      })),
    );
    const today = localDate(new Date().toISOString(), 'Asia/Jakarta');
    const expected = [...campaigns]
      .sort((a, b) => (a.from < b.from ? 1 : -1))
      .map((campaign: { campaignId: string; from: string; to: string; endedAt?: string; budget?: { points: number } }) => {
        const figures = dashboard.campaigns.find((row: { campaignId: string }) => row.campaignId === campaign.campaignId);
        const given = figures ? figures.days.reduce((sum: number, day: { pointsGiven: number; pointsTakenBack: number }) => sum + day.pointsGiven - day.pointsTakenBack, 0) : 0;
        return {
          campaignId: campaign.campaignId,
          window: [campaign.from, campaign.to],
          status: campaign.endedAt ? 'ended' : today < campaign.from ? 'upcoming' : today > campaign.to ? 'over' : 'running',
          figures: [campaign.budget?.points ?? null, given, campaign.budget ? (figures?.budgetLeft ?? campaign.budget.points) : null],
        };
      });
    expect(shown).toEqual(expected);
    // The seeded campaigns: one ended before it began, one running that gave Gita's purchase its bonus from its budget.
    expect(shown.map((row) => [row.campaignId, row.status])).toEqual([['merdeka', 'ended'], ['gajian', 'running']]);
    expect(dashboard.campaigns.find((row: { campaignId: string }) => row.campaignId === 'gajian').budgetLeft).toBeLessThan(120);
    await screenshot(analyst, 'program-campaigns');

    // An auditor sees the campaigns without the dashboard's figures (dashboards are not theirs to read).
    const auditor = await page('auditor');
    await open(auditor, '#/program');
    await auditor.waitForSelector('[data-table=campaigns]');
    expect(await auditor.$$eval('[data-table=campaigns] thead th', (cells) => cells.length)).toBe(6);
    expect(await auditor.$('.error')).toBeNull();
  }, 60_000);

  it('program: the member-only offers with their window, status, what they give and to whom, their limit and what they took off, and the tiers\' card discount, as the API has them', async () => {
    const analyst = await page('analyst');
    await open(analyst, '#/program');
    const { program } = await get(keys.analyst, 'program');
    const { offers } = await get(keys.analyst, 'offers');
    const dashboard = await get(keys.analyst, 'dashboards/offers');
    await analyst.waitForSelector('[data-table=offers]');
    const shown = await analyst.$$eval('[data-table=offers] tbody tr', (rows) =>
      rows.map((row) => ({
        offerId: row.getAttribute('data-offer'),
        name: row.querySelector('th')!.firstChild!.textContent!.trim(),
        window: Array.from(row.querySelectorAll('time')).map((time) => time.getAttribute('datetime')),
        status: row.querySelector('[data-status]')!.textContent!.split(' ')[0],
        gives: row.querySelector('[data-gives]')!.textContent,
        for: row.querySelector('[data-for]')!.textContent,
        figures: Array.from(row.querySelectorAll('data')).map((cell) => ((cell.getAttribute('value') ?? '') === '' ? null : Number(cell.getAttribute('value')))),
        texts: Array.from(row.querySelectorAll('data')).map((cell) => cell.textContent),
      })),
    );
    // Money as the browser's locale (en-US) writes the program's currency from its minor units.
    const digits = program.currency === 'IDR' ? 0 : 2;
    const money = (amount: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: program.currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount / 10 ** digits);
    const count = (n: number) => n.toLocaleString('en-US');
    const today = localDate(new Date().toISOString(), program.timeZone);
    type Offer = { offerId: string; name: string; from: string; to: string; endedAt?: string; kind: string; tiers?: string[]; stores?: string[]; segment?: string; limitPerMember?: number } & Record<string, any>;
    const expected = [...(offers as Offer[])]
      .sort((a, b) => (a.from === b.from ? a.offerId.localeCompare(b.offerId) : a.from < b.from ? 1 : -1))
      .map((offer) => {
        const figures = (dashboard.offers as Array<{ offerId: string; receipts: number; discount: number }>).find((row) => row.offerId === offer.offerId) ?? { receipts: 0, discount: 0 };
        const gives =
          offer.kind === 'bundle'
            ? `${offer.quantity} for ${money(offer.price)} on ${offer.sku ?? offer.category}`
            : offer.kind === 'percentOff'
              ? `${offer.percent}% off ${offer.category ?? 'the basket'}`
              : `${money(offer.amount)} off${offer.minSpend ? ` from ${money(offer.minSpend)}` : ''}`;
        return {
          offerId: offer.offerId,
          name: offer.name,
          window: [offer.from, offer.to],
          status: offer.endedAt ? 'ended' : today < offer.from ? 'upcoming' : today > offer.to ? 'over' : 'running',
          gives,
          for: [offer.tiers ? `tiers ${offer.tiers.join(', ')}` : 'every member', offer.stores ? `at ${offer.stores.join(', ')}` : 'in every store', ...(offer.segment ? [`segment ${offer.segment}`] : [])].join('; '),
          figures: [offer.limitPerMember ?? null, figures.receipts, figures.discount],
          texts: [offer.limitPerMember === undefined ? 'no limit' : offer.limitPerMember === 1 ? 'once' : `${offer.limitPerMember} purchases`, count(figures.receipts), money(figures.discount)],
        };
      });
    expect(shown).toEqual(expected);
    // The seeded offers: each status, each kind, and the purchases that applied those running.
    expect(new Set(shown.map((row) => row.status))).toEqual(new Set(['upcoming', 'running', 'over', 'ended']));
    expect(shown.find((row) => row.offerId === 'kopi-3')!.gives).toBe(`3 for ${money(70_000)} on KOPI`);
    expect(shown.find((row) => row.offerId === 'gold-drinks')!.gives).toBe('10% off drinks');
    expect(shown.find((row) => row.offerId === 'spend-350k')!.gives).toBe(`${money(50_000)} off from ${money(350_000)}`);
    expect(shown.filter((row) => row.status === 'running').every((row) => (row.figures[1] as number) > 0)).toBe(true);

    // The card's discount of each tier that has one, with what it took off.
    const tiers = await analyst.$$eval('[data-table=tier-discounts] tbody tr', (rows) =>
      rows.map((row) => [row.getAttribute('data-tier'), ...Array.from(row.querySelectorAll('data')).map((cell) => Number(cell.getAttribute('value')))]),
    );
    expect(tiers).toEqual(
      (program.tiers as Array<{ name: string; discountPercent?: number }>)
        .filter((tier) => tier.discountPercent !== undefined)
        .map((tier) => {
          const figures = (dashboard.tierDiscounts as Array<{ tier: string; receipts: number; discount: number }>).find((row) => row.tier === tier.name) ?? { receipts: 0, discount: 0 };
          return [tier.name, tier.discountPercent, figures.receipts, figures.discount];
        }),
    );
    expect(tiers.map(([tier]) => tier)).toEqual(['Gold']);
    expect(tiers[0][2]).toBeGreaterThan(0);
    expect(await analyst.getAttribute('[data-table=tier-discounts] ~ .as-of', 'data-checkpoint')).toBe(dashboard.checkpoint);

    // An auditor sees the offers and the card's discount without the dashboard's figures.
    const auditor = await page('auditor');
    await open(auditor, '#/program');
    await auditor.waitForSelector('[data-table=offers]');
    expect(await auditor.$$eval('[data-table=offers] thead th', (cells) => cells.length)).toBe(6);
    expect(await auditor.$$eval('[data-table=offers] tbody tr', (rows) => rows.map((row) => row.getAttribute('data-offer')))).toEqual(expected.map((row) => row.offerId));
    expect(await auditor.$$eval('[data-table=tier-discounts] thead th', (cells) => cells.length)).toBe(2);
    expect(await auditor.$('.error')).toBeNull();
  }, 60_000);

  it('has no serious or critical accessibility violation (axe-core) on any page', async () => {
    const found: Record<string, unknown> = {};
    const admin = await page('admin');
    for (const hash of ['#/overview', '#/retention', '#/feedback', '#/liability', '#/customers', '#/customers/ani', '#/program', '#/keys']) {
      await open(admin, hash);
      await admin.waitForFunction(() => document.querySelector('.loading') === null);
      const violations = await seriousViolations(admin);
      if (violations.length > 0) found[hash] = violations;
    }
    const context = await browser.newContext();
    const signIn = await context.newPage();
    await signIn.goto(`${base}/console/`);
    await signIn.waitForSelector('#api-key');
    const signInViolations = await seriousViolations(signIn);
    if (signInViolations.length > 0) found['sign-in'] = signInViolations;
    await screenshot(signIn, 'sign-in');
    await context.close();
    expect(found).toEqual({});
  }, 90_000);

  it('the built console is what the test ran: index.html under dist/console names its bundled script', () => {
    const html = readFileSync(join(__dirname, '..', 'dist', 'console', 'index.html'), 'utf8');
    expect(html).toMatch(/<script type="module" crossorigin src="\/console\/assets\/index-[\w-]+\.js"><\/script>/);
  });
});
