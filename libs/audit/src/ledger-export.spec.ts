import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainHash } from '@setia/domain';
import { EXPORT_FILES, verifyExport } from './ledger-export';
import type { ExportManifest } from './ledger-export';
import { exportFromStore } from './verify-store';
import { LedgerFixture, seedTenant } from './testing/ledger-fixture';

describe('an export an auditor checks offline', () => {
  let fixture: LedgerFixture;
  let dir: string;
  let original: string[];
  let manifest: ExportManifest;

  const eventsFile = () => join(dir, EXPORT_FILES.events);
  const writeLines = (lines: string[]) => writeFileSync(eventsFile(), `${lines.join('\n')}\n`);
  const lineOf = (stream: string, type: string, nth = 0) =>
    original.map((text, i) => ({ event: JSON.parse(text), i })).filter(({ event }) => event.stream === stream && event.type === type)[nth];

  beforeAll(async () => {
    fixture = LedgerFixture.create();
    await seedTenant(fixture);
    dir = mkdtempSync(join(tmpdir(), 'setia-export-'));
    ({ manifest } = await exportFromStore(fixture.store, { tenant: 'kopi' }, dir, 'sqlite test'));
    original = readFileSync(eventsFile(), 'utf8').trimEnd().split('\n');
  });
  afterEach(() => writeLines(original));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await fixture.close();
  });

  it('holds the ledgers and the program in store order, with counts per stream and digests in the manifest', () => {
    expect(manifest.events).toBe(original.length);
    expect(Object.keys(manifest.streams).sort()).toEqual(['customer-kopi-ani', 'customer-kopi-budi', 'program-kopi']);
    expect(manifest.streams['program-kopi']).toMatchObject({ count: 3, firstRevision: 0, lastRevision: 2 });
    expect(manifest.files.events.sha256).toMatch(/^[0-9a-f]{64}$/);
    const first = JSON.parse(original[0]);
    expect(Object.keys(first)).toEqual(['stream', 'revision', 'position', 'id', 'type', 'data', 'metadata', 'recordedAt']);
    const csv = readFileSync(join(dir, EXPORT_FILES.ledger), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('line,stream,customerId,revision,position,occurredAt,type,reason,reference,points,balance,tier,programRevision');
    expect(csv.slice(1).every((row) => /^\d+,customer-kopi-/.test(row))).toBe(true);
  });

  it('verifies when untouched', async () => {
    const result = await verifyExport(dir);
    expect(result.differences).toEqual([]);
    expect(result.lines).toBe(original.length);
  });

  it('fails on one event\'s data altered and names the line, stream and revision', async () => {
    const { event, i } = lineOf('customer-kopi-ani', 'PointsEarned', 2);
    const altered = { ...event, data: { ...event.data, points: event.data.points + 1000 } };
    writeLines(original.map((text, j) => (j === i ? JSON.stringify(altered) : text)));

    const result = await verifyExport(dir);
    expect(result.differences.length).toBeGreaterThan(0);
    expect(result.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'export-line-altered', line: i + 1, stream: 'customer-kopi-ani', revision: event.revision }),
        expect.objectContaining({ kind: 'hash-mismatch', line: i + 1, stream: 'customer-kopi-ani', revision: event.revision }),
      ]),
    );
  });

  it('fails on one event removed and names the line, stream and revision that are missing', async () => {
    const { event, i } = lineOf('customer-kopi-budi', 'RewardRedeemed');
    writeLines(original.filter((_, j) => j !== i));

    const result = await verifyExport(dir);
    expect(result.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'export-line-removed', line: i + 1, stream: 'customer-kopi-budi', revision: event.revision, position: event.position }),
        expect.objectContaining({ kind: 'revision-gap', stream: 'customer-kopi-budi', revision: event.revision + 1 }),
      ]),
    );
    expect(result.differences.some((d) => d.kind === 'export-line-moved')).toBe(false);
  });

  it('fails on two events swapped and names where each went', async () => {
    const { i } = lineOf('customer-kopi-ani', 'PurchaseRecorded', 4);
    const a = JSON.parse(original[i]);
    const b = JSON.parse(original[i + 1]);
    const swapped = [...original];
    [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
    writeLines(swapped);

    const result = await verifyExport(dir);
    const moved = result.differences.filter((d) => d.kind === 'export-line-moved');
    expect(moved).toHaveLength(1);
    expect([i + 1, i + 2]).toContain(moved[0].line);
    expect(result.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'out-of-order', line: i + 2, stream: a.stream, revision: a.revision, position: a.position }),
      ]),
    );
    expect(result.differences.some((d) => d.stream === b.stream && d.revision === b.revision)).toBe(true);
  });

  it('fails on an altered ledger CSV and names its line', async () => {
    const csvFile = join(dir, EXPORT_FILES.ledger);
    const csv = readFileSync(csvFile, 'utf8');
    const rows = csv.split('\n');
    rows[3] = rows[3].replace(/,(\d+),(\d+),/, (_, points, balance) => `,${Number(points) + 1},${balance},`);
    writeFileSync(csvFile, rows.join('\n'));
    try {
      const result = await verifyExport(dir);
      expect(result.differences.map((d) => d.message)).toEqual(
        expect.arrayContaining([expect.stringContaining('ledger.csv line 4')]),
      );
    } finally {
      writeFileSync(csvFile, csv);
    }
  });

  it('an edit whose stream hashes were recomputed is still found and located by the export\'s line index', async () => {
    const { i, event } = lineOf('customer-kopi-ani', 'PurchaseRecorded', 0);
    const lines = original.map((text) => JSON.parse(text));
    lines[i] = { ...event, data: { ...event.data, lines: [{ sku: 'OTHER', quantity: 1, unitPrice: event.data.total }] } };
    // Re-sign the rest of the stream so that its hash chain is consistent again.
    let previous: string | null = i > 0 ? lines.slice(0, i).filter((l) => l.stream === event.stream).pop()?.metadata.hash ?? null : null;
    for (let j = i; j < lines.length; j++) {
      if (lines[j].stream !== event.stream) continue;
      const hash = chainHash(previous, lines[j]);
      lines[j] = { ...lines[j], metadata: { ...lines[j].metadata, hash } };
      previous = hash;
    }
    writeLines(lines.map((line) => JSON.stringify(line)));

    const result = await verifyExport(dir);
    expect(result.differences.some((d) => d.kind === 'hash-mismatch')).toBe(false);
    expect(result.differences).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'export-line-altered', line: i + 1, stream: 'customer-kopi-ani', revision: event.revision })]),
    );
  });
});
