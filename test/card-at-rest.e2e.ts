import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlitePersonalDataVault } from '@setia/personal-data';
import { exited, spawnEntryPoint } from './support/entry-points';
import { PROGRAM, purchase } from './support/program';
import { TEST_ADMIN_KEY, TEST_RECEIPTS_SINCE } from './support/setia-app';

const TENANT = 'simpan';
/** The cards of the scenario: distinctive enough that a byte search cannot find them by chance. */
const CARD = '6001 7373 5151 0001';
const NEW_CARD = '6001 7373 5151 0002';
const OTHER_CARD = '6001 7373 5151 0003';
/** Each card as a till may write it: grouped by spaces or dashes, or not at all. */
const spellings = (card: string) => [card, card.replace(/ /g, ''), card.replace(/ /g, '-')];
/** Written in clear (a receipt id is no personal data): the same search must find it in the event store. */
const CONTROL = 'R-KARTU-TERANG-5150';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The files of each place a card number could rest in, SQLite's journals included. */
function placesOf(dataDir: string): Record<string, string[]> {
  const withSidecars = (file: string) => [file, `${file}-wal`, `${file}-journal`].filter(existsSync);
  return {
    'event store': withSidecars(join(dataDir, 'events.sqlite')),
    'read store': withSidecars(join(dataDir, 'read-models.sqlite')),
    'vault and its index': withSidecars(join(dataDir, 'vault.sqlite')),
    'local Kafka sink': readdirSync(join(dataDir, 'outbox')).map((name) => join(dataDir, 'outbox', name)),
  };
}

describe('card numbers at rest', () => {
  it('appear nowhere in clear, in any spelling: not in the event store, the read store, the vault\'s index, the Kafka sink or the logs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'setia-card-at-rest-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // Logs as in production, and as much of them as there is: a line per request.
    const setia = spawnEntryPoint('apps/setia/src/main.js', {
      SETIA_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), SETIA_ADMIN_KEY: TEST_ADMIN_KEY, SETIA_LOG_FORMAT: 'json', SETIA_LOG_LEVEL: 'debug',
    });
    try {
      const send = async (method: string, path: string, body: unknown, key: string) => {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      for (let started = Date.now(); !(await fetch(`${base}/health`).then((r) => r.ok, () => false)); ) {
        if (setia.exitCode !== null || Date.now() - started > 30_000) throw new Error(`Setia did not start:\n${setia.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const t = `/v1/tenants/${TENANT}`;
      expect((await send('POST', '/v1/tenants', { tenantId: TENANT, receiptsSince: TEST_RECEIPTS_SINCE }, TEST_ADMIN_KEY)).status).toBe(201);
      const admin = (await send('POST', `${t}/keys`, { role: 'admin' }, TEST_ADMIN_KEY)).body.key as string;
      const pos = (await send('POST', `${t}/keys`, { role: 'pos' }, TEST_ADMIN_KEY)).body.key as string;
      expect((await send('PUT', `${t}/program`, PROGRAM, admin)).status).toBe(200);

      // Every way a card number reaches Setia: enrolment, lookups in every spelling, a lookup of
      // no one's card, refusals that carry it (another member's card, a malformed request), a
      // replacement, and the erasure of a member.
      expect((await send('POST', `${t}/members`, { customerId: 'ratna', cardNumber: CARD, birthday: '1991-03-09' }, pos)).status).toBe(201);
      expect((await send('POST', `${t}/purchases`, purchase('ratna', 700_000, { receiptId: CONTROL }), pos)).status).toBe(201);
      for (const spelling of spellings(CARD)) expect((await send('GET', `${t}/cards/${encodeURIComponent(spelling)}`, undefined, pos)).body).toMatchObject({ customerId: 'ratna' });
      expect((await send('GET', `${t}/cards/${encodeURIComponent(OTHER_CARD)}`, undefined, pos)).status).toBe(404);
      expect((await send('POST', `${t}/members`, { customerId: 'tiruan', cardNumber: CARD }, pos)).status).toBe(409);
      expect((await send('POST', `${t}/members`, { customerId: 'salah', cardNumber: OTHER_CARD, birthday: 'kemarin' }, pos)).status).toBe(400);
      expect((await send('PUT', `${t}/members/ratna/card`, { cardNumber: NEW_CARD }, pos)).status).toBe(200);
      expect((await send('GET', `${t}/cards/${encodeURIComponent(NEW_CARD)}`, undefined, pos)).body).toMatchObject({ customerId: 'ratna', points: 70 });
      expect((await send('POST', `${t}/members`, { customerId: 'surya', cardNumber: OTHER_CARD }, pos)).status).toBe(201);
      expect((await send('DELETE', `${t}/customers/surya/personal-data`, undefined, admin)).status).toBe(200);
      expect((await send('GET', `${t}/cards/${encodeURIComponent(OTHER_CARD)}`, undefined, pos)).status).toBe(404);
      // The projector and the relay have handled every event.
      for (let started = Date.now(); ; ) {
        const health = await fetch(`${base}/health/ready`);
        if (health.ok) break;
        if (Date.now() - started > 20_000) throw new Error('the read models did not catch up');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      setia.kill('SIGTERM');
      await exited(setia);
    }
    try {
      const places: Record<string, string[]> = placesOf(dataDir);
      const files: Record<string, Buffer> = {};
      for (const [place, paths] of Object.entries(places)) {
        expect({ place, files: paths.length > 0 }).toEqual({ place, files: true });
        files[place] = Buffer.concat(paths.map((path) => readFileSync(path)));
      }
      files.logs = Buffer.from(setia.output());
      const found: Record<string, string[]> = {};
      for (const [place, bytes] of Object.entries(files)) {
        found[place] = [CARD, NEW_CARD, OTHER_CARD].flatMap(spellings).filter((value) => bytes.includes(Buffer.from(value)));
      }
      expect(found).toEqual({ 'event store': [], 'read store': [], 'vault and its index': [], 'local Kafka sink': [], logs: [] });

      // The search reads what is there: the clear receipt id in the event store, and in the vault
      // the digest of Ratna's new card (not of her old one, nor of Surya's, erased).
      expect(files['event store'].includes(Buffer.from(CONTROL))).toBe(true);
      // The logs have a line for each lookup, naming its route by its template.
      expect(setia.output().split('\n').filter((line) => line.includes('"GET /v1/tenants/:tenant/cards/:cardNumber ')).length).toBe(6);
      const vault = new SqlitePersonalDataVault(join(dataDir, 'vault.sqlite'));
      const key = await vault.indexKeyFor(TENANT);
      await vault.close();
      const digest = (card: string) => createHmac('sha256', key).update(`card\u0000${card.replace(/ /g, '')}`).digest();
      expect([NEW_CARD, CARD, OTHER_CARD].map((card) => files['vault and its index'].includes(digest(card)))).toEqual([true, false, false]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
