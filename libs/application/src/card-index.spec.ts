import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardInUse, foldCustomer, initialCustomerState } from '@setia/domain';
import type { CustomerState } from '@setia/domain';
import { BlindIndex, SqlitePersonalDataVault } from '@setia/personal-data';
import { enrolled } from '../../domain/src/testing/fixtures';
import { CardIndex, UNCONFIRMED_CLAIM_MS } from './card-index';

const START = Date.parse('2026-11-29T10:00:00.000Z');

describe('the card index kept as the ledgers say', () => {
  let dir: string;
  let vault: SqlitePersonalDataVault;
  let index: BlindIndex;
  let cards: CardIndex;
  let instant: number;
  /** Each customer's ledger as the index asks it; a customer not here has none. */
  let ledgers: Map<string, CustomerState>;
  const ledgerOf = async (customerId: string) => ledgers.get(customerId) ?? initialCustomerState();
  const memberWith = (customerId: string, cardNumber: string) => foldCustomer([enrolled({ customerId, cardNumber })]);
  const nobody = initialCustomerState();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'setia-card-index-'));
    vault = new SqlitePersonalDataVault(join(dir, 'vault.sqlite'));
    index = new BlindIndex(vault);
    instant = START;
    cards = new CardIndex(index, { now: () => new Date(instant).toISOString() });
    ledgers = new Map();
  });
  afterEach(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an enrolment indexes the card for the member before their ledger holds it, and keeps it after', async () => {
    const ani = memberWith('ani', '6001 0001');
    expect(await cards.claim('kopi', 'ani', nobody, ani, ledgerOf)).toBe('6001 0001');
    expect(await index.find('kopi', 'card', '6001 0001')).toBe('ani');
    // Not found until the ledger says the card is hers.
    expect(await cards.holder('kopi', '6001 0001', ledgerOf)).toBeNull();
    ledgers.set('ani', ani);
    expect(await cards.holder('kopi', '6001-0001', ledgerOf)).toEqual({ customerId: 'ani', state: ani });
  });

  it('a decision that leaves the card as it was (a purchase) touches no index', async () => {
    const ani = memberWith('ani', '6001 0001');
    expect(await cards.claim('kopi', 'ani', ani, ani, ledgerOf)).toBeUndefined();
    expect(await index.find('kopi', 'card', '6001 0001')).toBeNull();
  });

  it('a card replaced: the new number claimed, the old one released once settled', async () => {
    const before = memberWith('ani', '6001 0001');
    await cards.claim('kopi', 'ani', nobody, before, ledgerOf);
    const after = memberWith('ani', '6001 0002');
    expect(await cards.claim('kopi', 'ani', before, after, ledgerOf)).toBe('6001 0002');
    expect(await index.find('kopi', 'card', '6001 0001')).toBe('ani');
    await cards.settle('kopi', 'ani', '6001 0002');
    expect(await index.find('kopi', 'card', '6001 0001')).toBeNull();
    expect(await index.find('kopi', 'card', '6001 0002')).toBe('ani');
  });

  it('another member\'s card is refused, however old their entry, while their ledger holds it', async () => {
    ledgers.set('ani', memberWith('ani', '6001 0001'));
    await cards.claim('kopi', 'ani', nobody, ledgers.get('ani')!, ledgerOf);
    instant += 10 * UNCONFIRMED_CLAIM_MS;
    await expect(cards.claim('kopi', 'budi', nobody, memberWith('budi', '6001 0001'), ledgerOf)).rejects.toThrow(CardInUse);
    expect(await index.find('kopi', 'card', '6001 0001')).toBe('ani');
  });

  it('an entry whose ledger never held the card (its append failed) is refused to others while the append may still come', async () => {
    await cards.claim('kopi', 'ani', nobody, memberWith('ani', '6001 0001'), ledgerOf);
    instant += UNCONFIRMED_CLAIM_MS - 1000;
    await expect(cards.claim('kopi', 'budi', nobody, memberWith('budi', '6001 0001'), ledgerOf)).rejects.toThrow(CardInUse);
  });

  it('an entry whose ledger never held the card is taken over once it is older than any append takes', async () => {
    await cards.claim('kopi', 'ani', nobody, memberWith('ani', '6001 0001'), ledgerOf);
    instant += UNCONFIRMED_CLAIM_MS + 1000;
    expect(await cards.claim('kopi', 'budi', nobody, memberWith('budi', '6001 0001'), ledgerOf)).toBe('6001 0001');
    expect(await index.find('kopi', 'card', '6001 0001')).toBe('budi');
  });

  it('an old number left behind by a replacement whose release failed is taken by its next member', async () => {
    ledgers.set('ani', memberWith('ani', '6001 0002'));
    await cards.claim('kopi', 'ani', nobody, memberWith('ani', '6001 0001'), ledgerOf);
    instant += UNCONFIRMED_CLAIM_MS + 1000;
    expect(await cards.claim('kopi', 'budi', nobody, memberWith('budi', '6001 0001'), ledgerOf)).toBe('6001 0001');
  });

  it('nothing is indexed for a forgotten customer', async () => {
    await vault.destroy('kopi', 'ani', new Date(instant).toISOString());
    expect(await cards.claim('kopi', 'ani', nobody, memberWith('ani', '6001 0001'), ledgerOf)).toBeUndefined();
    expect(await index.find('kopi', 'card', '6001 0001')).toBeNull();
  });
});
