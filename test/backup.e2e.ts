import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEntryPoints } from './support/entry-points';
import { purchase } from './support/program';
import { TEST_ADMIN_KEY } from './support/setia-app';
import { spawnSetia } from './support/spawned-setia';

const TENANT = 'backed';
const MEMBERS = 30;
const WRITERS = 8;
/** At most this many purchases (about 600 events per member): a member's ledger fits one page of 1,000. */
const MAX_PURCHASES = 6000;

/** The built CLI (as `npm run backup|restore|ledger` runs it) on a data directory; its exit code and output. */
function cli(args: string[], dataDir: string): Promise<{ code: number | null; output: string; started: number; ended: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(buildEntryPoints(), 'apps/cli/src/main.js'), ...args], {
    env: { ...process.env, NODE_PATH: join(__dirname, '..', 'node_modules'), SETIA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output, started, ended: Date.now() })));
}

describe('backup and restore of the embedded store', () => {
  it('a backup taken while purchases keep coming restores to a store that verifies and serves the balances it had', async () => {
    const setia = await spawnSetia('apps/setia/src/main.js');
    const backupDir = mkdtempSync(join(tmpdir(), 'setia-backup-'));
    const restoredDir = join(backupDir, 'restored');
    const file = join(backupDir, 'setia.backup');
    let restored: Awaited<ReturnType<typeof spawnSetia>> | undefined;
    try {
      const { pos } = await setia.provision(TENANT);
      for (let i = 0; i < MEMBERS; i++) {
        expect((await setia.send('POST', `/v1/tenants/${TENANT}/members`, { customerId: `m${i}`, cardNumber: `6001 ${i}`, birthday: '1990-01-15' }, pos)).status).toBe(201);
      }

      // Tills buying all the time: each answer's balance, by receipt, and when it came.
      const answered = new Map<string, { customerId: string; points: number; at: number }>();
      let writing = true;
      let sent = 0;
      const writer = async () => {
        while (writing && sent < MAX_PURCHASES) {
          sent += 1;
          const body = purchase(`m${sent % MEMBERS}`, 50_000 + (sent % 7) * 10_000);
          const answer = await setia.send('POST', `/v1/tenants/${TENANT}/purchases`, body, pos);
          expect(answer.status).toBe(201);
          answered.set(body.receiptId, { customerId: body.customerId, points: answer.body.points, at: Date.now() });
        }
      };
      const writers = Array.from({ length: WRITERS }, writer);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const backup = await cli(['backup', '--out', file], setia.dataDir);
      await new Promise((resolve) => setTimeout(resolve, 500));
      writing = false;
      await Promise.all(writers);
      expect(backup.output).toMatch(/^backup .*setia\.backup: read-models\.sqlite, events\.sqlite, vault\.sqlite; events up to position \d+$/m);
      expect(backup.code).toBe(0);
      // Under load: purchases were answered while the copy was being taken, and after.
      const during = [...answered.values()].filter((answer) => answer.at >= backup.started && answer.at <= backup.ended).length;
      const after = [...answered.values()].filter((answer) => answer.at > backup.ended).length;
      expect(during).toBeGreaterThan(0);
      expect(after).toBeGreaterThan(0);
      expect(await setia.stop()).toBe('SIGTERM');

      const restore = await cli(['restore', file], restoredDir);
      expect(restore.output).toMatch(/^restored read-models\.sqlite, events\.sqlite, vault\.sqlite of .* into .*restored; events up to position \d+$/m);
      expect(restore.code).toBe(0);
      const verify = await cli(['ledger', 'verify', '--tenant', TENANT], restoredDir);
      expect(verify.output).toContain('OK: everything agrees');
      expect(verify.code).toBe(0);

      // The restored server: each member's balance is the one the API answered with that member's
      // last purchase in the backup; some purchases came after the copy and are not there.
      restored = await spawnSetia('apps/setia/src/main.js', {}, restoredDir);
      const keys = await restored.send('POST', `/v1/tenants/${TENANT}/keys`, { role: 'admin' }, TEST_ADMIN_KEY);
      expect(keys.status).toBe(201);
      const admin = keys.body.key as string;
      let inBackup = 0;
      for (let i = 0; i < MEMBERS; i++) {
        const ledger = (await restored.send('GET', `/v1/tenants/${TENANT}/customers/m${i}/ledger?limit=1000`, undefined, admin)).body;
        const receipts = (ledger.events as Array<{ type: string; data: { receiptId: string } }>).filter((event) => event.type === 'PurchaseRecorded').map((event) => event.data.receiptId);
        inBackup += receipts.length;
        const expected = receipts.length === 0 ? 0 : answered.get(receipts[receipts.length - 1])!.points;
        const customer = (await restored.send('GET', `/v1/tenants/${TENANT}/customers/m${i}`, undefined, admin)).body;
        expect({ customer: `m${i}`, points: customer.points, cardNumber: customer.cardNumber }).toEqual({ customer: `m${i}`, points: expected, cardNumber: `6001 ${i}` });
      }
      process.stdout.write(`backup under load: ${inBackup} of ${answered.size} purchases in the backup, ${during} answered while it was taken\n`);
      expect(inBackup).toBeGreaterThan(0);
      expect(inBackup).toBeLessThan(answered.size);

      // A backup altered after it was taken is refused, naming the file that changed, and nothing is put in place.
      const bytes = readFileSync(file);
      const at = bytes.indexOf(Buffer.from('events.sqlite\0')) + 512 + 4096 + 100;
      bytes[at] ^= 0xff;
      writeFileSync(`${file}.altered`, bytes);
      const refused = await cli(['restore', `${file}.altered`], join(backupDir, 'second'));
      expect(refused.output).toMatch(/events\.sqlite is missing or altered/);
      expect(refused.code).toBe(2);
      expect(readdirSync(join(backupDir, 'second'))).toEqual([]);
    } finally {
      await restored?.cleanUp({ keepData: true });
      await setia.cleanUp();
      rmSync(backupDir, { recursive: true, force: true });
    }
  }, 120_000);
});
