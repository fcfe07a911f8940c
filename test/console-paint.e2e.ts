import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SqliteEventStore } from '@setia/event-store';
import { loadConfig } from '@setia/platform';
import { COLLECTIONS, rebuildReadModels } from '@setia/projections';
import { SqliteReadStoreEngine } from '@setia/read-store';
import type { Browser } from 'playwright-core';
import { ApiModule } from '../apps/api/src/api.module';
import { createHttpApp } from '../apps/api/src/http/create-http-app';
import { generateLedger } from '../bench/ledger-generator';
import { apiClient, buildConsole, launchChromium, listen, screenshot, signedIn } from './support/console-browser';
import { TEST_ADMIN_KEY, TEST_RECEIPTS_SINCE } from './support/setia-app';

const TENANT = 'kopi_besar';
const CUSTOMERS = 100_000;

/**
 * The overview's first meaningful paint with 100,000 customers in the read models: the bench's
 * ledger (every customer in it) written into an embedded store and projected by a rebuild, then
 * the API alone serving the console to Chromium.
 */
describe('console: first meaningful paint of the overview with 100,000 customers', () => {
  let dataDir: string;
  let app: NestFastifyApplication;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    buildConsole();
    dataDir = mkdtempSync(join(tmpdir(), 'setia-console-paint-'));
    const started = Date.now();
    const events = new SqliteEventStore(join(dataDir, 'events.sqlite'), { synchronous: 'NORMAL' });
    const written = await generateLedger(events, { tenant: TENANT, customers: CUSTOMERS, events: 220_000, seed: 18, everyCustomer: true });
    const engine = new SqliteReadStoreEngine(join(dataDir, 'read-models.sqlite'));
    await rebuildReadModels(events, engine);
    const customers = await engine.generation(await engine.activeGeneration()).count(COLLECTIONS.customers, { tenant: TENANT });
    await engine.close();
    await events.close();
    console.log(`console paint: ${written} events, ${customers} customers in the read model, seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(customers).toBe(CUSTOMERS);

    const config = loadConfig({ SETIA_DATA_DIR: dataDir, SETIA_SQLITE_SYNCHRONOUS: 'NORMAL', SETIA_ADMIN_KEY: TEST_ADMIN_KEY, SETIA_RATE_LIMIT: '10000' });
    app = await createHttpApp(ApiModule.forRoot(config), { logger: false });
    base = await listen(app);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('paints every figure of the overview, the time printed (target: under 1 s)', async () => {
    const call = apiClient(base);
    expect((await call(TEST_ADMIN_KEY, 'POST', '/v1/tenants', { tenantId: TENANT, receiptsSince: TEST_RECEIPTS_SINCE })).status).toBe(201);
    const analyst = (await call(TEST_ADMIN_KEY, 'POST', `/v1/tenants/${TENANT}/keys`, { role: 'analyst' })).body.key as string;
    const page = await signedIn(browser, base, analyst);
    // The generated ledger starts in January 2025; the overview shows its first quarter, whose last day has active customers.
    const url = `${base}/console/#/overview?from=2025-01&to=2025-03`;
    const paints: number[] = [];
    for (let run = 0; run < 3; run++) {
      await page.goto('about:blank');
      await page.goto(url);
      const painted = await page.waitForFunction(() => performance.getEntriesByName('setia:overview-painted')[0]?.startTime, undefined, { timeout: 10_000 });
      paints.push(Math.round((await painted.jsonValue()) as number));
    }
    const contentful = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    const members = await page.getAttribute('[data-figure=members] data', 'value');
    // The overview's active customers are those of the period's last day.
    const active = await call(analyst, 'GET', `/v1/tenants/${TENANT}/dashboards/active-customers?asOf=2025-03-31`);
    expect(active.body.asOf).toBe('2025-03-31');
    expect(active.body.last30Days).toBeGreaterThan(0);
    const median = [...paints].sort((a, b) => a - b)[1];
    console.log(
      `console paint: first meaningful paint of the overview with ${CUSTOMERS.toLocaleString('en')} customers (${members} members): ` +
        `${paints.join(' / ')} ms over three loads, median ${median} ms; first contentful paint ${Math.round(contentful ?? NaN)} ms`,
    );
    expect(Number(members)).toBe((await call(analyst, 'GET', `/v1/tenants/${TENANT}/dashboards/tiers`)).body.members);
    expect(Number(await page.getAttribute('[data-figure=active-90] data', 'value'))).toBe(active.body.last90Days);
    expect(Number(await page.getAttribute('[data-figure=active-30] data', 'value'))).toBe(active.body.last30Days);
    console.log(`console paint: active customers on 2025-03-31: ${active.body.last30Days} in 30 days, ${active.body.last90Days} in 90, of ${active.body.customers}`);
    // The target is 1 s, judged on the printed figure (150–300 ms on this machine, README has
    // the latest); the test fails only far beyond it, since CI shares two cores with other suites.
    expect(median).toBeLessThan(5000);
    await screenshot(page, 'overview-100k-customers');
  }, 60_000);
});
