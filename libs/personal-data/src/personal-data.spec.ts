import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PersonalData } from './personal-data';
import { PersonalValueUnreadable } from './sealed-value';
import { SqlitePersonalDataVault } from './sqlite/sqlite-personal-data-vault';

const enrolled = (data: Record<string, unknown> = {}) => ({
  type: 'CustomerEnrolled',
  data: { customerId: 'ayu', cardNumber: '6001 2345', birthday: '1990-04-17', homeStoreId: 'jkt-1', ...data },
});
const purchased = { type: 'PurchaseRecorded', data: { receiptId: 'r-1', total: 100_000 } };

describe('personal data sealed with a per-customer key', () => {
  let dir: string;
  let vault: SqlitePersonalDataVault;
  let personal: PersonalData;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'setia-vault-'));
    vault = new SqlitePersonalDataVault(join(dir, 'vault.sqlite'));
    personal = new PersonalData(vault);
  });
  afterEach(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals only the personal fields, and opens them back', async () => {
    const [sealed, other] = await personal.seal('kopi', 'ayu', [enrolled(), purchased]);
    expect(sealed.data).toMatchObject({ customerId: 'ayu', homeStoreId: 'jkt-1', cardNumber: { enc: 'v1' }, birthday: { enc: 'v1' } });
    expect(JSON.stringify(sealed)).not.toMatch(/6001 2345|1990-04-17/);
    expect(other).toBe(purchased);
    expect(await personal.open('kopi', 'ayu', [sealed, other])).toEqual([enrolled(), purchased]);
  });

  it('reads values written in clear before encryption existed as they are', async () => {
    expect(await personal.open('kopi', 'ayu', [enrolled()])).toEqual([enrolled()]);
  });

  it('after the key is destroyed, sealed values open as null, wherever they were copied', async () => {
    const [sealed] = await personal.seal('kopi', 'ayu', [enrolled()]);
    const copy = JSON.parse(JSON.stringify(sealed));
    await personal.erase('kopi', 'ayu', '2026-03-01T00:00:00.000Z');
    expect((await personal.open('kopi', 'ayu', [copy]))[0].data).toMatchObject({ cardNumber: null, birthday: null, homeStoreId: 'jkt-1' });
    expect(await personal.erased('kopi', 'ayu')).toBe(true);
  });

  it('opens the events of many customers at once as each alone: an erased one\'s as null, one in clear as stored', async () => {
    const ayu = await personal.seal('kopi', 'ayu', [enrolled(), purchased]);
    const [budi] = await personal.seal('kopi', 'budi', [enrolled({ customerId: 'budi', cardNumber: '6001 9999' })]);
    await personal.erase('kopi', 'budi', '2026-03-01T00:00:00.000Z');
    const opened = await personal.openMany('kopi', new Map([['ayu', ayu], ['budi', [budi]], ['cici', [enrolled({ customerId: 'cici' })]], ['dewi', []]]));
    expect(opened).toEqual(
      new Map([
        ['ayu', [enrolled(), purchased]],
        ['budi', [{ type: 'CustomerEnrolled', data: { customerId: 'budi', cardNumber: null, birthday: null, homeStoreId: 'jkt-1' } }]],
        ['cici', [enrolled({ customerId: 'cici' })]],
        ['dewi', []],
      ]),
    );
  });

  it('keeps nothing personal about a forgotten customer later: no new key, the fields are stored as null', async () => {
    await personal.erase('kopi', 'ayu', '2026-03-01T00:00:00.000Z');
    const [stored] = await personal.seal('kopi', 'ayu', [{ type: 'FeedbackSubmitted', data: { feedbackId: 'fb-2', comment: 'lagi' } }]);
    expect(stored.data).toEqual({ feedbackId: 'fb-2', comment: null });
    expect(await vault.find('kopi', 'ayu')).toBeNull();
  });

  it('erasing is safe to repeat and keeps the first time', async () => {
    await personal.seal('kopi', 'ayu', [enrolled()]);
    await personal.erase('kopi', 'ayu', '2026-03-01T00:00:00.000Z');
    await personal.erase('kopi', 'ayu', '2026-04-01T00:00:00.000Z');
    expect(await vault.destroyedAt('kopi', 'ayu')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('a destroyed key is not left in the vault file', async () => {
    await personal.seal('kopi', 'ayu', [enrolled()]);
    const key = (await vault.find('kopi', 'ayu'))!;
    expect(readFileSync(join(dir, 'vault.sqlite')).includes(key)).toBe(true);
    await personal.erase('kopi', 'ayu', '2026-03-01T00:00:00.000Z');
    expect(readFileSync(join(dir, 'vault.sqlite')).includes(key)).toBe(false);
  });

  it('keys are per customer and per tenant; a value moved to another customer does not open', async () => {
    const [sealed] = await personal.seal('kopi', 'ayu', [enrolled()]);
    await personal.seal('kopi', 'budi', [enrolled({ customerId: 'budi' })]);
    expect(await vault.find('kopi', 'ayu')).not.toEqual(await vault.find('kopi', 'budi'));
    expect(await vault.find('teh', 'ayu')).toBeNull();
    await expect(personal.open('kopi', 'budi', [sealed])).rejects.toThrow(PersonalValueUnreadable);
  });
});
