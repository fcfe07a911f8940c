import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayCustomer } from '@setia/audit';
import { RelayService } from '@setia/messaging';
import { PERSONAL_DATA_VAULT, PersonalData } from '@setia/personal-data';
import type { PersonalDataVault } from '@setia/personal-data';
import { main } from '../apps/cli/src/main';
import { hoursAgo, PROGRAM, purchase } from './support/program';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const TENANT = 'lupa_chain';
const T = `/v1/tenants/${TENANT}`;
/** The member's personal values: distinctive enough that a byte search cannot find them by chance. */
const CARD = '7788 4455 9911 2026';
const BIRTHDAY = '1987-11-23';
const COMMENT = 'Tolong telepon Siti Rahayu di 0813 5555 0202';
const PERSONAL = { card: CARD, birthday: BIRTHDAY, comment: COMMENT };
/** Written in clear (a receipt id is no personal data): the same search must find it everywhere. */
const CONTROL = 'R-KONTROL-TERANG-4711';

async function cli(args: string[], dataDir: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, { out: (text) => (out += `${text}\n`), err: { write: () => true, isTTY: false }, env: { SETIA_DATA_DIR: dataDir } });
  return { code, out };
}

/** Every file of the places a personal value could rest in, as raw bytes (SQLite WAL files included). */
function placesOf(dataDir: string, exportDir: string): Record<string, string[]> {
  const withSidecars = (file: string) => [file, `${file}-wal`, `${file}-journal`].filter(existsSync);
  const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : []);
  return {
    'event store': withSidecars(join(dataDir, 'events.sqlite')),
    'read store': withSidecars(join(dataDir, 'read-models.sqlite')),
    export: filesIn(exportDir),
    'local Kafka sink': filesIn(join(dataDir, 'outbox')),
    vault: withSidecars(join(dataDir, 'vault.sqlite')),
  };
}

/** For each place: which of the values occur in its bytes, as UTF-8 text (how SQLite and JSON store them). */
function search(places: Record<string, string[]>, values: Record<string, string | Buffer>): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const [place, files] of Object.entries(places)) {
    expect({ place, files: files.length > 0 }).toEqual({ place, files: true });
    const bytes = Buffer.concat(files.map((file) => readFileSync(file)));
    found[place] = Object.entries(values)
      .filter(([, value]) => bytes.includes(typeof value === 'string' ? Buffer.from(value, 'utf8') : value))
      .map(([name]) => name);
  }
  return found;
}

const everywhere = (names: string[]) => ({ 'event store': names, 'read store': names, export: names, 'local Kafka sink': names, vault: names });

describe('a member asks to be forgotten (erasure by destroying their key)', () => {
  let setia: TestApp;
  let workDir: string;

  beforeAll(async () => {
    setia = await startSetia();
    workDir = mkdtempSync(join(tmpdir(), 'setia-erasure-'));
  });
  afterAll(async () => {
    await setia.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const ok = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, status = method === 'POST' ? 201 : 200) => {
    const answer = await setia.request(method, `${T}${url}`, body);
    expect({ url, status: answer.status }).toEqual({ url, status });
    return answer.body;
  };

  /** Until the projector and the relay have handled every event in the store. */
  async function caughtUp(): Promise<void> {
    const [head] = await setia.store.readAll({ direction: 'backwards', maxCount: 1 });
    await setia.app.get(RelayService).relay.waitForCheckpoint(head.position, 10_000);
    await eventually(async () => {
      const health = await setia.request('GET', '/health');
      return health.body?.checks?.projector?.checkpoint === head.position ? true : undefined;
    }, 10_000);
  }

  const dashboards = async () => {
    const out: Record<string, unknown> = {};
    for (const name of ['tiers', 'store-daily', 'funnel', 'feedback', 'points-liability']) {
      // The checkpoint moves past the erasure; the figures must not.
      const { checkpoint: _moved, checkpointRecordedAt: _movedAt, ...figures } = await ok('GET', `/dashboards/${name}`);
      out[name] = figures;
    }
    return out;
  };

  it('leaves no readable card number, birthday or comment in the event store, read store, export or Kafka sink; the ledger still replays and verifies', async () => {
    await ok('PUT', '/program', PROGRAM);
    await ok('POST', '/members', { customerId: 'siti', cardNumber: CARD, birthday: BIRTHDAY, homeStoreId: 'JKT-01' });
    await ok('POST', '/purchases', purchase('siti', 600_000, { receiptId: CONTROL }));
    await ok('POST', '/purchases', purchase('siti', 500_000));
    await ok('POST', '/feedback', { feedbackId: 'FB-LUPA-1', customerId: 'siti', storeId: 'JKT-01', receiptId: CONTROL, nps: 10, comment: COMMENT });
    await ok('POST', '/returns', { returnId: 'RT-LUPA-1', receiptId: CONTROL, storeId: 'JKT-01', customerId: 'siti', occurredAt: hoursAgo(0.5), amount: 100_000 });
    await caughtUp();

    // Before: the values are held (the API shows them, decrypted with the member's key) ...
    const before = await ok('GET', '/customers/siti');
    expect(before).toMatchObject({ cardNumber: CARD, birthday: BIRTHDAY, personalDataErased: false });
    const ledgerBefore = await ok('GET', '/customers/siti/ledger');
    expect(JSON.stringify(ledgerBefore)).toContain(COMMENT);
    const enrolledMessage = readFileSync(join(setia.dataDir, 'outbox', `setia.${TENANT}.customer.jsonl`), 'utf8');
    expect(enrolledMessage).toContain('"birthMonth":11');
    const dashboardsBefore = await dashboards();
    // ... and the search finds a value stored in clear in every place, and the member's key in the vault;
    // the personal values themselves are nowhere in clear, even before the erasure (they are stored sealed).
    const vault = setia.app.get<PersonalDataVault>(PERSONAL_DATA_VAULT);
    const key = await vault.find(TENANT, 'siti');
    expect(key).toHaveLength(32);
    const exportBefore = join(workDir, 'before');
    expect((await cli(['ledger', 'export', '--tenant', TENANT, '--out', exportBefore, '--quiet'], setia.dataDir)).code).toBe(0);
    expect(search(placesOf(setia.dataDir, exportBefore), { control: CONTROL, ...PERSONAL })).toEqual({
      ...everywhere(['control']),
      vault: [],
    });
    expect(search({ vault: placesOf(setia.dataDir, exportBefore).vault }, { key: key! })).toEqual({ vault: ['key'] });

    // Erase: answered, recorded once, safe to repeat; an unknown customer is 404.
    const erased = await ok('DELETE', '/customers/siti/personal-data');
    expect(erased).toMatchObject({ customerId: 'siti', personalDataErased: true });
    expect(await ok('DELETE', '/customers/siti/personal-data')).toEqual(erased);
    expect((await setia.request('DELETE', `${T}/customers/nobody/personal-data`)).status).toBe(404);
    await caughtUp();

    // After: the API shows the values as erased, balances and tiers are unchanged.
    const after = await ok('GET', '/customers/siti');
    expect(after).toEqual({ ...before, cardNumber: null, birthday: null, personalDataErased: true, qualifyingSpend: after.qualifyingSpend });
    expect(after.qualifyingSpend).toBe(before.qualifyingSpend);
    const ledgerAfter = await ok('GET', '/customers/siti/ledger');
    expect(ledgerAfter.events.filter((event: { type: string }) => event.type === 'PersonalDataErased')).toHaveLength(1);
    const enrolled = ledgerAfter.events.find((event: { type: string }) => event.type === 'CustomerEnrolled');
    expect(enrolled.data).toMatchObject({ cardNumber: null, birthday: null, homeStoreId: 'JKT-01' });
    expect(ledgerAfter.events.find((event: { type: string }) => event.type === 'FeedbackSubmitted').data).toMatchObject({ comment: null, nps: 10 });
    expect(JSON.stringify(ledgerAfter)).not.toMatch(/7788 4455|1987-11-23|Siti Rahayu/);
    expect(await dashboards()).toEqual(dashboardsBefore);
    // The relay told downstream systems to forget too.
    const sink = readFileSync(join(setia.dataDir, 'outbox', `setia.${TENANT}.customer.jsonl`), 'utf8');
    expect(sink).toContain('PersonalDataErased');

    // The search: the clear control value still everywhere, the personal values and the key nowhere.
    const exportAfter = join(workDir, 'after');
    expect((await cli(['ledger', 'export', '--tenant', TENANT, '--out', exportAfter, '--quiet'], setia.dataDir)).code).toBe(0);
    expect(search(placesOf(setia.dataDir, exportAfter), { control: CONTROL, key: key!, ...PERSONAL })).toEqual({
      ...everywhere(['control']),
      vault: [],
    });
    // An export made before the erasure is no way back: its sealed values no longer open.
    const sealedLines = readFileSync(join(exportBefore, 'events.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    const sealedEnrolment = sealedLines.find((line) => line.type === 'CustomerEnrolled');
    expect(sealedEnrolment.data.cardNumber).toMatchObject({ enc: 'v1' });
    const [opened] = await setia.app.get(PersonalData).open(TENANT, 'siti', [sealedEnrolment]);
    expect(opened.data).toMatchObject({ cardNumber: null, birthday: null });

    // Replay and verify pass, with the same balance and tier.
    const replay = await replayCustomer(setia.store, TENANT, 'siti');
    expect(replay.audit.differences).toEqual([]);
    expect(replay.lines[replay.lines.length - 1]).toMatchObject({ type: 'PersonalDataErased', balance: before.points, tier: before.tier, reproduced: true });
    const verified = await cli(['ledger', 'verify', '--tenant', TENANT], setia.dataDir);
    expect(verified.out).toContain('OK: everything agrees');
    expect(verified.code).toBe(0);
    const verifiedExport = await cli(['ledger', 'verify', '--export', exportAfter], setia.dataDir);
    expect(verifiedExport.code).toBe(0);
  });

  it('keeps nothing personal a forgotten customer sends later, and a till retry of the enrolment is refused, not re-recorded', async () => {
    await ok('POST', '/feedback', { feedbackId: 'FB-LUPA-2', customerId: 'siti', storeId: 'JKT-01', nps: 3, comment: 'lagi dari Siti Rahayu' });
    const ledger = await ok('GET', '/customers/siti/ledger');
    expect(ledger.events.find((event: { data: { feedbackId?: string } }) => event.data.feedbackId === 'FB-LUPA-2').data).toMatchObject({ comment: null });
    await ok('POST', '/members', { customerId: 'siti', cardNumber: CARD, birthday: BIRTHDAY, homeStoreId: 'JKT-01' }, 409);
    expect(search({ 'event store': placesOf(setia.dataDir, workDir)['event store'] }, { comment: 'lagi dari Siti' })).toEqual({ 'event store': [] });
  });
});
