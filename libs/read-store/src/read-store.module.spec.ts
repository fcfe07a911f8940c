import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { ReadStoreModule, openReadStore } from './read-store.module';
import { READ_STORE_ENGINE } from './read-store.port';
import type { ReadStoreEngine } from './read-store.port';

const dir = mkdtempSync(join(tmpdir(), 'setia-rs-module-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ReadStoreModule', () => {
  it('provides the SQLite engine by default and closes it on shutdown', async () => {
    const app = await Test.createTestingModule({ imports: [ReadStoreModule.forRoot({ kind: 'sqlite', file: join(dir, 'sub', 'read-models.sqlite') })] }).compile();
    const engine = app.get<ReadStoreEngine>(READ_STORE_ENGINE);
    await engine.generation('g0').putMany([{ collection: 'customers', document: { _id: 'c', _position: '1' } }]);
    expect(await engine.activeGeneration()).toBe('g0');
    const close = jest.spyOn(engine, 'close');
    await app.close();
    expect(close).toHaveBeenCalled();
  });

  it('an unreachable MongoDB fails start-up with one message naming MONGODB_URL', async () => {
    const started = Date.now();
    await expect(openReadStore({ kind: 'mongodb', url: 'mongodb://user:secret@127.0.0.1:1', database: 'setia' }, { serverSelectionTimeoutMS: 500 })).rejects.toThrow(
      /^read store: cannot reach MongoDB at MONGODB_URL=mongodb:\/\/user:\*\*\*@127\.0\.0\.1:1 within 1 s/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
