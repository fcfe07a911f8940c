import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlindIndex } from './blind-index';
import { SqlitePersonalDataVault } from './sqlite/sqlite-personal-data-vault';

const AT = '2026-11-29T10:00:00.000Z';

describe('the blind index of card numbers', () => {
  let dir: string;
  let vault: SqlitePersonalDataVault;
  let index: BlindIndex;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'setia-index-'));
    vault = new SqlitePersonalDataVault(join(dir, 'vault.sqlite'));
    index = new BlindIndex(vault);
  });
  afterEach(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a digest is HMAC-SHA-256 of the kind and the normalised number under the tenant\'s index key', async () => {
    const key = await vault.indexKeyFor('kopi');
    const expected = createHmac('sha256', key).update('card\u000060010001AB').digest();
    expect(await index.digest('kopi', 'card', '6001-0001 ab')).toEqual(expected);
  });

  it('finds the member by the card however its number is grouped, in their tenant only', async () => {
    await index.claim('kopi', 'card', '6001 0001', 'ani', AT);
    for (const spelling of ['6001 0001', '60010001', '6001-0001', ' 6001  0001 ']) expect(await index.find('kopi', 'card', spelling)).toBe('ani');
    expect(await index.find('kopi', 'card', '6001 0002')).toBeNull();
    expect(await index.find('teh', 'card', '6001 0001')).toBeNull();
  });

  it('tenants have their own keys: the same number has another digest in another tenant', async () => {
    expect((await index.digest('kopi', 'card', '6001 0001')).equals(await index.digest('teh', 'card', '6001 0001'))).toBe(false);
  });

  it('another process with its own copy of the index finds what this one indexed, and the key it uses is the same', async () => {
    await index.claim('kopi', 'card', '6001 0001', 'ani', AT);
    const otherVault = new SqlitePersonalDataVault(join(dir, 'vault.sqlite'));
    expect(await new BlindIndex(otherVault).find('kopi', 'card', '6001 0001')).toBe('ani');
    await otherVault.close();
  });

  it('a replaced card: the new number is claimed, the old released, and only the new one finds the member', async () => {
    await index.claim('kopi', 'card', '6001 0001', 'ani', AT);
    await index.claim('kopi', 'card', '6001 0009', 'ani', AT);
    await index.release('kopi', 'card', 'ani', '6001 0009');
    expect(await index.find('kopi', 'card', '6001 0001')).toBeNull();
    expect(await index.find('kopi', 'card', '6001 0009')).toBe('ani');
  });

  it('the card is found by no one once the member\'s personal data is erased', async () => {
    await vault.keyFor('kopi', 'ani');
    await index.claim('kopi', 'card', '6001 0001', 'ani', AT);
    await vault.destroy('kopi', 'ani', AT);
    expect(await index.find('kopi', 'card', '6001 0001')).toBeNull();
  });

  it('the vault file holds the digest, not the number in any spelling', async () => {
    await index.claim('kopi', 'card', '7788 4455 9911', 'ani', AT);
    const bytes = readFileSync(join(dir, 'vault.sqlite'));
    expect(bytes.includes(await index.digest('kopi', 'card', '7788 4455 9911'))).toBe(true);
    for (const spelling of ['7788 4455 9911', '778844559911']) expect(bytes.includes(Buffer.from(spelling))).toBe(false);
  });
});
