import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { loadConfig } from '@setia/platform';
import { createHttpApp } from '../../apps/api/src/http/create-http-app';
import { SetiaModule } from '../../apps/setia/src/setia.module';

export interface TestApp {
  app: NestFastifyApplication;
  store: EventStore;
  dataDir: string;
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Position of the newest event in the store, to show a refused request appended nothing. */
  lastPosition(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** The all-in-one application on the embedded default, in a fresh data directory. */
export async function startSetia(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'setia-test-'));
  const config = loadConfig({ SETIA_DATA_DIR: dataDir, SETIA_SQLITE_SYNCHRONOUS: 'NORMAL', ...env });
  const app = await createHttpApp(SetiaModule.forRoot(config), { logger: false });
  await app.getHttpAdapter().getInstance().ready();
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    store,
    dataDir,
    async request(method, url, body) {
      const response = await app.inject({ method, url, ...(body !== undefined && { payload: body as object }) });
      return { status: response.statusCode, body: response.body ? response.json() : undefined };
    },
    async lastPosition() {
      const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
      return last?.position;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
