import type { Filter, FindOptions, ReadDocument, ReadStore, ReadStoreEngine, Scalar } from './read-store.port';

/**
 * The read-store port's contract. Any adapter runs it: `readStoreContract('sqlite', factory)`.
 * Every test gets a fresh engine from `createEngine` (a new file, a new database), so the
 * generation tests see only their own data. `close` in the factory's engine is called after
 * each test.
 */
export function readStoreContract(adapterName: string, createEngine: () => Promise<ReadStoreEngine>): void {
  describe(`read store contract: ${adapterName}`, () => {
    let engine: ReadStoreEngine;
    let store: ReadStore;

    beforeEach(async () => {
      engine = await createEngine();
      store = engine.generation(await engine.activeGeneration());
    });
    afterEach(() => engine.close());

    const pos = (n: number) => String(n).padStart(20, '0');
    const doc = (id: string, position: number, fields: Record<string, unknown> = {}): ReadDocument => ({ _id: id, _position: pos(position), ...fields });
    const ids = (docs: ReadDocument[]) => docs.map((d) => d._id);

    describe('put and get', () => {
      it('stores documents and reads them back as written, nested fields included', async () => {
        const written = doc('c1', 1, {
          tenant: 't',
          points: 120,
          ratio: 0.25,
          member: true,
          tier: null,
          home: { store: 's1', city: 'Jayapura', geo: { tz: 'Asia/Jayapura' } },
          tags: ['a', 'b'],
          since: '2024-05-01T00:00:00.000Z',
        });
        await store.putMany([{ collection: 'customers', document: written }]);
        expect(await store.get('customers', 'c1')).toEqual(written);
      });

      it('a missing document or a collection never written reads as null / empty', async () => {
        expect(await store.get('customers', 'nobody')).toBeNull();
        expect(await store.get('neverwritten', 'x')).toBeNull();
        expect((await store.getMany('neverwritten', ['x'])).size).toBe(0);
        expect(await store.find('neverwritten', {})).toEqual([]);
        expect(await store.count('neverwritten', {})).toBe(0);
      });

      it('keeps collections apart', async () => {
        await store.putMany([
          { collection: 'customers', document: doc('x', 1, { kind: 'customer' }) },
          { collection: 'tiers', document: doc('x', 1, { kind: 'tier' }) },
        ]);
        expect((await store.get('customers', 'x'))?.kind).toBe('customer');
        expect((await store.get('tiers', 'x'))?.kind).toBe('tier');
      });

      it('an empty batch is a no-op', async () => {
        await expect(store.putMany([])).resolves.toBeUndefined();
      });

      it('writes a batch of 5,000 documents over several collections', async () => {
        const writes = Array.from({ length: 5000 }, (_, i) => ({
          collection: i % 2 ? 'customers' : 'storeDaily',
          document: doc(`d${i}`, i + 1, { n: i }),
        }));
        await store.putMany(writes);
        expect(await store.count('customers', {})).toBe(2500);
        expect(await store.count('storeDaily', {})).toBe(2500);
        expect((await store.get('customers', 'd4999'))?.n).toBe(4999);
      });
    });

    describe('the _position guard', () => {
      it('a newer position replaces the whole document', async () => {
        await store.putMany([{ collection: 'customers', document: doc('c', 5, { points: 10, old: 'gone' }) }]);
        await store.putMany([{ collection: 'customers', document: doc('c', 6, { points: 20 }) }]);
        expect(await store.get('customers', 'c')).toEqual(doc('c', 6, { points: 20 }));
      });

      it('an older or equal position is skipped silently', async () => {
        await store.putMany([{ collection: 'customers', document: doc('c', 5, { points: 10 }) }]);
        await expect(store.putMany([{ collection: 'customers', document: doc('c', 4, { points: 1 }) }])).resolves.toBeUndefined();
        await expect(store.putMany([{ collection: 'customers', document: doc('c', 5, { points: 2 }) }])).resolves.toBeUndefined();
        expect(await store.get('customers', 'c')).toEqual(doc('c', 5, { points: 10 }));
      });

      it('compares positions as strings', async () => {
        await store.putMany([{ collection: 'customers', document: { _id: 'c', _position: '0000000009:2', v: 1 } }]);
        await store.putMany([{ collection: 'customers', document: { _id: 'c', _position: '0000000010:0', v: 2 } }]);
        await store.putMany([{ collection: 'customers', document: { _id: 'c', _position: '0000000009:9', v: 3 } }]);
        expect((await store.get('customers', 'c'))?.v).toBe(2);
      });

      it('a replayed batch with skipped, new and newer documents mixed applies exactly the newer ones', async () => {
        await store.putMany([
          { collection: 'customers', document: doc('a', 10, { v: 'a10' }) },
          { collection: 'customers', document: doc('c', 10, { v: 'c10' }) },
          { collection: 'customers', document: doc('e', 10, { v: 'e10' }) },
        ]);
        await store.putMany([
          { collection: 'customers', document: doc('b', 3, { v: 'b3' }) },
          { collection: 'customers', document: doc('a', 3, { v: 'a3' }) },
          { collection: 'customers', document: doc('d', 3, { v: 'd3' }) },
          { collection: 'customers', document: doc('c', 11, { v: 'c11' }) },
          { collection: 'customers', document: doc('e', 10, { v: 'e10 again' }) },
          { collection: 'customers', document: doc('f', 1, { v: 'f1' }) },
        ]);
        const all = await store.find('customers', {});
        expect(all.map((d) => d.v)).toEqual(['a10', 'b3', 'c11', 'd3', 'e10', 'f1']);
      });

      it('the same document twice in one batch: the newer position wins, whatever the order', async () => {
        await store.putMany([
          { collection: 'customers', document: doc('x', 2, { v: 2 }) },
          { collection: 'customers', document: doc('x', 1, { v: 1 }) },
          { collection: 'customers', document: doc('y', 1, { v: 1 }) },
          { collection: 'customers', document: doc('y', 2, { v: 2 }) },
        ]);
        expect((await store.get('customers', 'x'))?.v).toBe(2);
        expect((await store.get('customers', 'y'))?.v).toBe(2);
      });

      it('refuses a document without a string _id or _position', async () => {
        await expect(store.putMany([{ collection: 'customers', document: { _id: 'x' } as unknown as ReadDocument }])).rejects.toThrow(/_position/);
      });
    });

    describe('getMany', () => {
      it('returns the documents found, by id, and leaves missing ids out', async () => {
        await store.putMany(['a', 'b', 'c'].map((id) => ({ collection: 'customers', document: doc(id, 1, { id }) })));
        const found = await store.getMany('customers', ['c', 'a', 'zz']);
        expect([...found.keys()].sort()).toEqual(['a', 'c']);
        expect(found.get('c')).toEqual(doc('c', 1, { id: 'c' }));
        expect((await store.getMany('customers', [])).size).toBe(0);
      });

      it('handles thousands of ids at once', async () => {
        await store.putMany(Array.from({ length: 2500 }, (_, i) => ({ collection: 'customers', document: doc(`k${i}`, 1) })));
        const wanted = Array.from({ length: 3000 }, (_, i) => `k${i}`);
        expect((await store.getMany('customers', wanted)).size).toBe(2500);
      });
    });

    describe('find: filters', () => {
      const people: ReadDocument[] = [
        doc('p1', 1, { tier: 'gold', points: 500, ratio: 1.5, member: true, stage: 'member', home: { store: 's1', region: { code: 'PAP' } } }),
        doc('p2', 1, { tier: 'silver', points: 120, ratio: 0.5, member: true, stage: 'member', home: { store: 's2' } }),
        doc('p3', 1, { tier: 'bronze', points: 0, ratio: 0, member: false, stage: 'customer', home: { store: 's1' } }),
        doc('p4', 1, { tier: null, points: 40, member: false, stage: 'buyer' }),
        doc('p5', 1, { points: 75.5, stage: 'buyer', home: { store: 's3', region: { code: 'JKT' } } }),
        doc('p6', 1, { tier: 'gold', points: '900', stage: 'member', home: { store: 's2' } }),
      ];
      beforeEach(() => store.putMany(people.map((document) => ({ collection: 'customers', document }))));
      const match = async (filter: Filter) => {
        const found = ids(await store.find('customers', filter));
        expect(await store.count('customers', filter)).toBe(found.length);
        return found;
      };

      it('no condition matches everything', async () => {
        expect(await match({})).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
      });

      it('a plain value and $eq match equal values of the same type only', async () => {
        expect(await match({ tier: 'gold' })).toEqual(['p1', 'p6']);
        expect(await match({ tier: { $eq: 'gold' } })).toEqual(['p1', 'p6']);
        expect(await match({ points: 500 })).toEqual(['p1']);
        expect(await match({ points: 75.5 })).toEqual(['p5']);
        expect(await match({ points: 900 })).toEqual([]);
        expect(await match({ points: '900' })).toEqual(['p6']);
        expect(await match({ member: true })).toEqual(['p1', 'p2']);
        expect(await match({ member: false })).toEqual(['p3', 'p4']);
        expect(await match({ ratio: 0 })).toEqual(['p3']);
      });

      it('null matches a stored null, never a missing field', async () => {
        expect(await match({ tier: null })).toEqual(['p4']);
        expect(await match({ tier: { $eq: null } })).toEqual(['p4']);
      });

      it('$ne matches other values, other types and missing fields', async () => {
        expect(await match({ tier: { $ne: 'gold' } })).toEqual(['p2', 'p3', 'p4', 'p5']);
        expect(await match({ tier: { $ne: null } })).toEqual(['p1', 'p2', 'p3', 'p5', 'p6']);
        expect(await match({ member: { $ne: true } })).toEqual(['p3', 'p4', 'p5', 'p6']);
        expect(await match({ 'home.store': { $ne: 's1' } })).toEqual(['p2', 'p4', 'p5', 'p6']);
      });

      it('$lt / $lte / $gt / $gte compare within a type; missing fields never match', async () => {
        expect(await match({ points: { $gt: 100 } })).toEqual(['p1', 'p2']);
        expect(await match({ points: { $gte: 120 } })).toEqual(['p1', 'p2']);
        expect(await match({ points: { $lt: 75.5 } })).toEqual(['p3', 'p4']);
        expect(await match({ points: { $lte: 75.5 } })).toEqual(['p3', 'p4', 'p5']);
        expect(await match({ points: { $gt: 40, $lt: 500 } })).toEqual(['p2', 'p5']);
        expect(await match({ ratio: { $gte: 0 } })).toEqual(['p1', 'p2', 'p3']);
        expect(await match({ tier: { $gte: 'gold' } })).toEqual(['p1', 'p2', 'p6']);
        expect(await match({ tier: { $lt: 'gold' } })).toEqual(['p3']);
        expect(await match({ points: { $gt: '1' } })).toEqual(['p6']);
        expect(await match({ member: { $lt: true } })).toEqual(['p3', 'p4']);
      });

      it('comparisons with null: $lte / $gte match a stored null, $lt / $gt nothing', async () => {
        expect(await match({ tier: { $gte: null } })).toEqual(['p4']);
        expect(await match({ tier: { $lte: null } })).toEqual(['p4']);
        expect(await match({ tier: { $lt: null } })).toEqual([]);
        expect(await match({ tier: { $gt: null } })).toEqual([]);
      });

      it('$in matches any listed value of its type; null in the list matches a stored null only', async () => {
        expect(await match({ tier: { $in: ['gold', 'bronze'] } })).toEqual(['p1', 'p3', 'p6']);
        expect(await match({ tier: { $in: ['bronze', null] } })).toEqual(['p3', 'p4']);
        expect(await match({ points: { $in: [0, 40, '900'] } })).toEqual(['p3', 'p4', 'p6']);
        expect(await match({ member: { $in: [false] } })).toEqual(['p3', 'p4']);
        expect(await match({ tier: { $in: [] } })).toEqual([]);
      });

      it('dotted paths reach into nested objects; missing levels do not match', async () => {
        expect(await match({ 'home.store': 's1' })).toEqual(['p1', 'p3']);
        expect(await match({ 'home.region.code': 'PAP' })).toEqual(['p1']);
        expect(await match({ 'home.region.code': { $in: ['PAP', 'JKT'] } })).toEqual(['p1', 'p5']);
        expect(await match({ 'home.region.code': { $gte: 'A' } })).toEqual(['p1', 'p5']);
        expect(await match({ 'home.region.code': { $ne: 'PAP' } })).toEqual(['p2', 'p3', 'p4', 'p5', 'p6']);
      });

      it('several fields are AND-ed, _id and _position included', async () => {
        expect(await match({ stage: 'member', 'home.store': 's2' })).toEqual(['p2', 'p6']);
        expect(await match({ _id: { $in: ['p1', 'p3', 'nope'] }, member: true })).toEqual(['p1']);
        expect(await match({ _id: { $gt: 'p4' } })).toEqual(['p5', 'p6']);
        expect(await match({ _position: pos(1) })).toHaveLength(6);
      });

      it('refuses an operator outside the subset', async () => {
        await expect(store.find('customers', { tier: { $regex: 'g' } } as unknown as Filter)).rejects.toThrow(/\$regex/);
      });
    });

    describe('find: sort, limit and keyset pagination', () => {
      // 23 documents: scores with ties, some null, some missing; nested sort key with ties.
      const scores: Array<number | null | undefined> = [5, 3, null, 5, 1, undefined, 3, 5, 2, 2, 4, null, 1, 5, undefined, 3, 4, 4, 2, 5, 0, 1, 3];
      const docs = scores.map((score, i) => {
        const fields: Record<string, unknown> = { region: i % 3 === 0 ? 'east' : 'west', last: { day: `2024-01-${String((i % 4) + 1).padStart(2, '0')}` } };
        if (score !== undefined) fields.score = score;
        return doc(`m${String(i).padStart(2, '0')}`, 1, fields);
      });
      beforeEach(() => store.putMany(docs.map((document) => ({ collection: 'members', document }))));

      const orderOf = (sort: NonNullable<FindOptions['sort']>, subset: ReadDocument[] = docs) => {
        const rank = (v: unknown) => (v === undefined || v === null ? [0, 0] : [1, v]);
        const get = (d: ReadDocument, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], d);
        return [...subset]
          .sort((a, b) => {
            for (const [path, direction] of [...sort, ['_id', 1] as [string, 1]]) {
              const [ta, va] = rank(get(a, path)) as [number, Scalar];
              const [tb, vb] = rank(get(b, path)) as [number, Scalar];
              if (ta !== tb) return (ta - tb) * direction;
              if (va !== vb) return ((va as number | string) < (vb as number | string) ? -1 : 1) * direction;
            }
            return 0;
          })
          .map((d) => d._id);
      };

      const pageThrough = async (filter: Filter, sort: NonNullable<FindOptions['sort']>, limit: number) => {
        const seen: string[] = [];
        let after: FindOptions['after'];
        for (let pages = 0; pages < 50; pages++) {
          const page = await store.find('members', filter, { sort, limit, after });
          if (!page.length) break;
          expect(page.length).toBeLessThanOrEqual(limit);
          seen.push(...ids(page));
          const last = page[page.length - 1];
          after = {
            values: sort.map(([path]) => {
              const v = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], last);
              return (v ?? null) as Scalar;
            }),
            id: last._id,
          };
        }
        return seen;
      };

      it('without a sort, orders by _id', async () => {
        expect(ids(await store.find('members', {}))).toEqual(docs.map((d) => d._id));
      });

      it('sorts ascending with null and missing first, ties broken by _id', async () => {
        expect(ids(await store.find('members', {}, { sort: [['score', 1]] }))).toEqual(orderOf([['score', 1]]));
      });

      it('sorts descending with null and missing last, ties still by _id ascending', async () => {
        expect(ids(await store.find('members', {}, { sort: [['score', -1]] }))).toEqual(orderOf([['score', -1]]));
      });

      it('sorts on several keys, dotted paths included', async () => {
        const sort: NonNullable<FindOptions['sort']> = [
          ['region', 1],
          ['last.day', -1],
          ['score', 1],
        ];
        expect(ids(await store.find('members', {}, { sort }))).toEqual(orderOf(sort));
      });

      it('limit cuts the sorted list; limit 0 returns nothing', async () => {
        expect(ids(await store.find('members', {}, { sort: [['score', -1]], limit: 4 }))).toEqual(orderOf([['score', -1]]).slice(0, 4));
        expect(await store.find('members', {}, { limit: 0 })).toEqual([]);
      });

      it.each([
        ['score ascending', [['score', 1]], 4],
        ['score descending', [['score', -1]], 3],
        ['region ascending, score descending', [['region', 1], ['score', -1]], 5],
        ['last.day descending, score ascending', [['last.day', -1], ['score', 1]], 2],
        ['_id descending', [['_id', -1]], 6],
        ['by _id only', [], 7],
      ] as Array<[string, NonNullable<FindOptions['sort']>, number]>)('keyset pages by %s visit every document once, in order', async (_, sort, limit) => {
        expect(await pageThrough({}, sort, limit)).toEqual(orderOf(sort));
      });

      it('keyset pages combine with a filter', async () => {
        const filter: Filter = { region: 'west', score: { $gte: 2 } };
        const subset = docs.filter((d) => d.region === 'west' && typeof d.score === 'number' && d.score >= 2);
        expect(await pageThrough(filter, [['score', -1]], 2)).toEqual(orderOf([['score', -1]], subset));
      });

      it('a cursor after the last document gives an empty page', async () => {
        const order = orderOf([['score', 1]]);
        const last = docs.find((d) => d._id === order[order.length - 1]) as ReadDocument;
        expect(await store.find('members', {}, { sort: [['score', 1]], after: { values: [last.score as Scalar], id: last._id } })).toEqual([]);
      });
    });

    describe('checkpoints', () => {
      it('are undefined until set, then keep the last position per name', async () => {
        expect(await store.getCheckpoint('projector')).toBeUndefined();
        await store.setCheckpoint('projector', pos(10));
        await store.setCheckpoint('projector', pos(12));
        await store.setCheckpoint('other', pos(3));
        expect(await store.getCheckpoint('projector')).toBe(pos(12));
        expect(await store.getCheckpoint('other')).toBe(pos(3));
      });

      it('keep when the event at them was recorded, null when set without it', async () => {
        expect(await store.getCheckpointRecord('projector')).toBeUndefined();
        await store.setCheckpoint('projector', pos(10), '2026-03-01T08:00:00.000Z');
        expect(await store.getCheckpointRecord('projector')).toEqual({ position: pos(10), recordedAt: '2026-03-01T08:00:00.000Z' });
        await store.setCheckpoint('projector', pos(12));
        expect(await store.getCheckpointRecord('projector')).toEqual({ position: pos(12), recordedAt: null });
        expect(await store.getCheckpoint('projector')).toBe(pos(12));
      });

      it('belong to their generation', async () => {
        await store.setCheckpoint('projector', pos(10));
        const next = engine.generation('g1');
        expect(await next.getCheckpoint('projector')).toBeUndefined();
        await next.setCheckpoint('projector', pos(2));
        expect(await store.getCheckpoint('projector')).toBe(pos(10));
        expect(await next.getCheckpoint('projector')).toBe(pos(2));
      });
    });

    describe('generations', () => {
      it('g0 is active on a fresh store', async () => {
        expect(await engine.activeGeneration()).toBe('g0');
        expect(await engine.listGenerations()).toEqual([]);
      });

      it('are isolated: same collection and id, different documents', async () => {
        const g0 = engine.generation('g0');
        const g1 = engine.generation('g1');
        await g0.putMany([{ collection: 'customers', document: doc('c', 9, { v: 'old' }) }]);
        await g1.putMany([{ collection: 'customers', document: doc('c', 1, { v: 'new' }) }]);
        expect((await g0.get('customers', 'c'))?.v).toBe('old');
        expect((await g1.get('customers', 'c'))?.v).toBe('new');
        expect(await g1.count('customers', {})).toBe(1);
        expect(await engine.listGenerations()).toEqual(['g0', 'g1']);
      });

      it('switch the active generation', async () => {
        await engine.generation('g2').putMany([{ collection: 'customers', document: doc('c', 1) }]);
        await engine.setActiveGeneration('g2');
        expect(await engine.activeGeneration()).toBe('g2');
        await engine.setActiveGeneration('g3');
        expect(await engine.activeGeneration()).toBe('g3');
      });

      it('drop removes a generation’s collections and checkpoints, never the active one', async () => {
        const g0 = engine.generation('g0');
        const g1 = engine.generation('g1');
        await g0.putMany([{ collection: 'customers', document: doc('c', 1, { v: 0 }) }]);
        await g0.setCheckpoint('projector', pos(1));
        await g1.ensureIndexes([{ collection: 'customers', fields: [['tier', 1]] }]);
        await g1.putMany([
          { collection: 'customers', document: doc('c', 2, { v: 1 }) },
          { collection: 'tiers', document: doc('t', 2) },
        ]);
        await g1.setCheckpoint('projector', pos(2));
        await engine.setActiveGeneration('g1');
        await expect(engine.dropGeneration('g1')).rejects.toThrow(/active/);
        await engine.dropGeneration('g0');
        expect(await engine.listGenerations()).toEqual(['g1']);
        expect(await g0.get('customers', 'c')).toBeNull();
        expect(await g0.getCheckpoint('projector')).toBeUndefined();
        expect((await g1.get('customers', 'c'))?.v).toBe(1);
        expect(await g1.getCheckpoint('projector')).toBe(pos(2));
        // A dropped generation can be written again from scratch.
        await g0.putMany([{ collection: 'customers', document: doc('c', 1, { v: 'again' }) }]);
        expect((await g0.get('customers', 'c'))?.v).toBe('again');
      });

      it('a generation with only a checkpoint is listed', async () => {
        await engine.generation('g7').setCheckpoint('projector', pos(1));
        expect(await engine.listGenerations()).toEqual(['g7']);
      });

      it('refuses names that cannot be a generation or collection', async () => {
        expect(() => engine.generation('g_1')).toThrow(/generation/);
        await expect(store.get('bad__name', 'x')).rejects.toThrow(/collection/);
        await expect(store.putMany([{ collection: 'setia_meta', document: doc('x', 1) }])).rejects.toThrow(/collection/);
      });
    });

    describe('indexes', () => {
      it('ensureIndexes is idempotent, on empty and filled collections, nested paths included', async () => {
        const indexes = [
          { collection: 'customers', fields: [['tier', 1], ['points', -1]] as Array<[string, 1 | -1]> },
          { collection: 'customers', fields: [['home.store', 1], ['lastPurchase', 1]] as Array<[string, 1 | -1]> },
          { collection: 'storeDaily', fields: [['day', 1]] as Array<[string, 1 | -1]> },
        ];
        await store.ensureIndexes(indexes);
        await store.ensureIndexes(indexes);
        await store.putMany([{ collection: 'customers', document: doc('c', 1, { tier: 'gold', points: 5, home: { store: 's1' } }) }]);
        await store.ensureIndexes(indexes);
        expect(ids(await store.find('customers', { tier: 'gold' }, { sort: [['points', -1]] }))).toEqual(['c']);
        expect(await store.count('customers', { 'home.store': 's1' })).toBe(1);
      });
    });
  });
}
