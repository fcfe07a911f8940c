import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEntryPoints } from './support/entry-points';

const root = join(__dirname, '..');

/**
 * The SQLite event store in a process of its own, built as `npm run build` builds it: its
 * checkpointer thread must work there and must neither keep the process running nor let it end
 * before close() has finished.
 */
describe('SQLite event store in a built process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'setia-sqlite-process-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checkpoints on its thread while open, and the process goes on after close() and then ends by itself', () => {
    const store = join(buildEntryPoints(), 'libs/event-store/src/sqlite/sqlite-event-store.js');
    const script = `
      const { statSync } = require('node:fs');
      const { SqliteEventStore } = require(${JSON.stringify(store)});
      const file = ${JSON.stringify(join(dir, 'events.sqlite'))};
      const event = (n) => ({ id: '00000000-0000-4000-8000-' + String(n).padStart(12, '0'), type: 'Counted', data: { n }, metadata: { tenant: 't' } });
      (async () => {
        const events = new SqliteEventStore(file);
        await events.appendToStream('customer-t-0', [event(0)]);
        const before = statSync(file).size;
        let n = 1;
        const deadline = Date.now() + 5000;
        while (statSync(file).size === before && Date.now() < deadline) {
          await Promise.all(Array.from({ length: 50 }, () => events.appendToStream('customer-t-' + n, [event(n++)])));
          await new Promise((resolve) => setTimeout(resolve, 120));
        }
        const checkpointed = statSync(file).size > before;
        await events.close();
        console.log(JSON.stringify({ checkpointed, closed: true }));
      })();
    `;
    const result = spawnSync(process.execPath, ['-e', script], {
      cwd: root,
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ checkpointed: true, closed: true });
  });
});
