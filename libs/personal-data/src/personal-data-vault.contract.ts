import type { PersonalDataVault } from './personal-data-vault.port';

/** One vault's storage, which several processes (here: several vault instances) may open at once. */
export interface VaultStorage {
  open(): Promise<PersonalDataVault>;
  dispose(): Promise<void>;
}

/** What every PersonalDataVault adapter must do; run against each adapter with fresh storage per test. */
export function personalDataVaultContract(name: string, freshStorage: () => Promise<VaultStorage>): void {
  describe(`personal-data vault contract: ${name}`, () => {
    let storage: VaultStorage;
    let vault: PersonalDataVault;
    const opened: PersonalDataVault[] = [];
    const open = async () => {
      const another = await storage.open();
      opened.push(another);
      return another;
    };

    beforeEach(async () => {
      storage = await freshStorage();
      vault = await open();
    });
    afterEach(async () => {
      for (const each of opened.splice(0)) await each.close();
      await storage.dispose();
    });

    it('makes a 256-bit key on first need and gives the same one after, to every process', async () => {
      expect(await vault.find('kopi', 'ani')).toBeNull();
      const key = await vault.keyFor('kopi', 'ani');
      expect(key).toHaveLength(32);
      expect(await vault.keyFor('kopi', 'ani')).toEqual(key);
      expect(await vault.find('kopi', 'ani')).toEqual(key);
      expect(await (await open()).find('kopi', 'ani')).toEqual(key);
      expect(await vault.destroyedAt('kopi', 'ani')).toBeNull();
    });

    it('finds the keys of many customers at once: those that have one, not a destroyed one nor another tenant\'s', async () => {
      const ani = await vault.keyFor('kopi', 'ani');
      const budi = await vault.keyFor('kopi', 'budi');
      await vault.keyFor('kopi', 'cici');
      await vault.keyFor('teh', 'dewi');
      await vault.destroy('kopi', 'cici', '2026-11-29T10:00:00.000Z');
      const found = await (await open()).findMany('kopi', ['budi', 'cici', 'dewi', 'eka', 'ani']);
      expect(found).toEqual(new Map([['budi', budi], ['ani', ani]]));
      expect((await vault.findMany('kopi', [])).size).toBe(0);
    });

    it('keys are per customer and per tenant', async () => {
      const keys = [await vault.keyFor('kopi', 'ani'), await vault.keyFor('kopi', 'budi'), await vault.keyFor('teh', 'ani')];
      expect(new Set(keys.map((key) => key!.toString('hex'))).size).toBe(3);
    });

    it('two processes making the same customer\'s key at once agree on one key', async () => {
      const other = await open();
      const customers = Array.from({ length: 20 }, (_, i) => `c${i}`);
      const pairs = await Promise.all(customers.map((customer) => Promise.all([vault.keyFor('kopi', customer), other.keyFor('kopi', customer)])));
      for (const [mine, theirs] of pairs) expect(theirs).toEqual(mine);
    });

    it('a destroyed key is gone for every process, no new one is made, and the first erasure time stays', async () => {
      await vault.keyFor('kopi', 'ani');
      const budi = await vault.keyFor('kopi', 'budi');
      await vault.destroy('kopi', 'ani', '2026-11-29T10:00:00.000Z');
      await vault.destroy('kopi', 'ani', '2026-11-30T10:00:00.000Z');
      const other = await open();
      for (const each of [vault, other]) {
        expect(await each.find('kopi', 'ani')).toBeNull();
        expect(await each.keyFor('kopi', 'ani')).toBeNull();
        expect(await each.destroyedAt('kopi', 'ani')).toBe('2026-11-29T10:00:00.000Z');
      }
      expect(await vault.find('kopi', 'budi')).toEqual(budi);
    });

    it('erasing a customer who never had a key leaves a tombstone: no key is made for them later', async () => {
      await vault.destroy('kopi', 'cici', '2026-11-29T10:00:00.000Z');
      expect(await vault.keyFor('kopi', 'cici')).toBeNull();
      expect(await vault.destroyedAt('kopi', 'cici')).toBe('2026-11-29T10:00:00.000Z');
    });

    describe('the blind index', () => {
      const digest = (n: number) => Buffer.alloc(32, n);
      const AT = '2026-11-29T10:00:00.000Z';
      const LATER = '2026-11-29T11:00:00.000Z';

      it('makes one 256-bit index key per tenant on first need, the same for every process after', async () => {
        const other = await open();
        const [mine, theirs] = await Promise.all([vault.indexKeyFor('kopi'), other.indexKeyFor('kopi')]);
        expect(mine).toHaveLength(32);
        expect(theirs).toEqual(mine);
        expect(await vault.indexKeyFor('kopi')).toEqual(mine);
        expect((await vault.indexKeyFor('teh')).equals(mine)).toBe(false);
      });

      it('a digest claimed is the customer\'s for every process; another customer\'s claim leaves it so and says whose it is', async () => {
        expect(await vault.findEntry('kopi', digest(1))).toBeNull();
        expect(await vault.claimEntry('kopi', digest(1), 'card', 'ani', AT)).toEqual({ kind: 'card', customerId: 'ani', claimedAt: AT });
        expect(await vault.claimEntry('kopi', digest(1), 'card', 'ani', LATER)).toEqual({ kind: 'card', customerId: 'ani', claimedAt: AT });
        expect(await vault.claimEntry('kopi', digest(1), 'card', 'budi', LATER)).toEqual({ kind: 'card', customerId: 'ani', claimedAt: AT });
        expect(await (await open()).findEntry('kopi', digest(1))).toEqual({ kind: 'card', customerId: 'ani', claimedAt: AT });
        // Tenants are apart: the same digest is another entry in another tenant.
        expect(await vault.findEntry('teh', digest(1))).toBeNull();
      });

      it('a claim replacing the customer who holds the digest takes it over; replacing someone else does not', async () => {
        await vault.claimEntry('kopi', digest(1), 'card', 'ani', AT);
        expect(await vault.claimEntry('kopi', digest(1), 'card', 'budi', LATER, 'cici')).toEqual({ kind: 'card', customerId: 'ani', claimedAt: AT });
        expect(await vault.claimEntry('kopi', digest(1), 'card', 'budi', LATER, 'ani')).toEqual({ kind: 'card', customerId: 'budi', claimedAt: LATER });
        expect(await vault.findEntry('kopi', digest(1))).toEqual({ kind: 'card', customerId: 'budi', claimedAt: LATER });
      });

      it('two processes claiming one digest for two customers at once: one gets it, and both say the same whose', async () => {
        const other = await open();
        const digests = Array.from({ length: 20 }, (_, i) => digest(i + 10));
        const claims = await Promise.all(digests.map((d) => Promise.all([vault.claimEntry('kopi', d, 'card', 'ani', AT), other.claimEntry('kopi', d, 'card', 'budi', AT)])));
        for (const [mine, theirs] of claims) expect(theirs?.customerId).toBe(mine?.customerId);
      });

      it('releasing keeps the digest named and the customer\'s entries of other kinds, and removes the rest of theirs', async () => {
        await vault.claimEntry('kopi', digest(1), 'card', 'ani', AT);
        await vault.claimEntry('kopi', digest(2), 'card', 'ani', AT);
        await vault.claimEntry('kopi', digest(3), 'phone', 'ani', AT);
        await vault.claimEntry('kopi', digest(4), 'card', 'budi', AT);
        await vault.releaseEntries('kopi', 'ani', 'card', digest(2));
        expect(await vault.findEntry('kopi', digest(1))).toBeNull();
        expect(await vault.findEntry('kopi', digest(2))).toMatchObject({ customerId: 'ani' });
        expect(await vault.findEntry('kopi', digest(3))).toMatchObject({ customerId: 'ani', kind: 'phone' });
        expect(await vault.findEntry('kopi', digest(4))).toMatchObject({ customerId: 'budi' });
        await vault.releaseEntries('kopi', 'ani', 'card', null);
        expect(await vault.findEntry('kopi', digest(2))).toBeNull();
      });

      it('destroying a customer\'s key removes their entries, and nothing is indexed for them again', async () => {
        await vault.keyFor('kopi', 'ani');
        await vault.claimEntry('kopi', digest(1), 'card', 'ani', AT);
        await vault.claimEntry('kopi', digest(2), 'phone', 'ani', AT);
        await vault.claimEntry('kopi', digest(3), 'card', 'budi', AT);
        await vault.destroy('kopi', 'ani', LATER);
        expect(await vault.findEntry('kopi', digest(1))).toBeNull();
        expect(await vault.findEntry('kopi', digest(2))).toBeNull();
        expect(await vault.claimEntry('kopi', digest(5), 'card', 'ani', LATER)).toBeNull();
        expect(await vault.findEntry('kopi', digest(5))).toBeNull();
        expect(await vault.findEntry('kopi', digest(3))).toMatchObject({ customerId: 'budi' });
      });
    });
  });
}
