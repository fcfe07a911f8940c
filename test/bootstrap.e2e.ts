import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventStore } from '@setia/event-store';
import { loadConfig } from '@setia/platform';
import { createHttpApp } from '../apps/api/src/http/create-http-app';
import { SetiaModule } from '../apps/setia/src/setia.module';
import { TEST_ADMIN_KEY } from './support/setia-app';

/** Starts the all-in-one app on a data directory, runs `use`, stops it; returns what it printed on stdout. */
async function withSetia(
  dataDir: string,
  env: Record<string, string>,
  use: (post: (url: string, body: unknown, key: string) => Promise<number>, output: () => string) => Promise<void>,
): Promise<string> {
  const printed = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const output = () => printed.mock.calls.map((args) => args.join(' ')).join('\n');
  try {
    const app = await createHttpApp(SetiaModule.forRoot(loadConfig({ SETIA_DATA_DIR: dataDir, SETIA_SQLITE_SYNCHRONOUS: 'NORMAL', ...env })), { logger: false });
    try {
      await use(async (url, body, key) => (await app.inject({ method: 'POST', url, payload: body as object, headers: { authorization: `Bearer ${key}` } })).statusCode, output);
    } finally {
      await app.close();
    }
    return output();
  } finally {
    printed.mockRestore();
  }
}

describe('bootstrap: a platform key on a fresh start', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'setia-bootstrap-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('without SETIA_ADMIN_KEY one is generated, printed once, stored only as a hash, and works', async () => {
    let key = '';
    const first = await withSetia(dataDir, {}, async (post, output) => {
      key = /(setia_platform\.\S+)/.exec(output())?.[1] ?? '';
      expect(await post('/v1/tenants', { tenantId: 'fresh_chain' }, key)).toBe(201);
    });
    expect(first.match(/setia_platform\./g)).toHaveLength(1);
    const store = await openEventStore(loadConfig({ SETIA_DATA_DIR: dataDir }).eventStore);
    try {
      expect(JSON.stringify(await store.readAll({ maxCount: 1000 }))).not.toContain(key.split('_').pop());
    } finally {
      await store.close();
    }
    // The next start finds the platform key: nothing printed, the same key still works.
    const second = await withSetia(dataDir, {}, async (post) => {
      expect(await post('/v1/tenants', { tenantId: 'second_chain' }, key)).toBe(201);
    });
    expect(second).not.toContain('setia_platform');
  });

  it('with SETIA_ADMIN_KEY that key works, is recorded once however often Setia starts, and nothing is printed', async () => {
    for (const tenantId of ['one', 'two']) {
      const printed = await withSetia(dataDir, { SETIA_ADMIN_KEY: TEST_ADMIN_KEY }, async (post) => {
        expect(await post('/v1/tenants', { tenantId }, TEST_ADMIN_KEY)).toBe(201);
      });
      expect(printed).not.toContain('setia_platform');
    }
    const store = await openEventStore(loadConfig({ SETIA_DATA_DIR: dataDir }).eventStore);
    try {
      const events = await store.readStream('access-platform');
      expect(events.map((event) => event.type)).toEqual(['KeyCreated']);
      expect(JSON.stringify(events)).not.toContain(TEST_ADMIN_KEY.split('_').pop());
    } finally {
      await store.close();
    }
  });
});
