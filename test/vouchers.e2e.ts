import { main } from '../apps/cli/src/main';
import { hoursAgo, PROGRAM } from './support/program';
import { eventually, startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

const TENANT = 'warung_kopi';
const T = `/v1/tenants/${TENANT}`;
const OTHER = '/v1/tenants/warung_lain';

const KOPI_CARD = {
  cardId: 'KOPI-10',
  name: 'Buy 10 coffees, get 1 free',
  counts: { sku: 'KOPI-SUSU', per: 'item' },
  stampsNeeded: 10,
  reward: { voucher: { kind: 'freeItem', sku: 'KOPI-SUSU' }, validDays: 30 },
};
const WARUNG = {
  ...PROGRAM,
  stampCards: [KOPI_CARD],
  gifts: [{ giftId: 'TAS', minSpend: 350_000, per: 'day', reward: { voucher: { kind: 'freeItem', sku: 'TOTE-BAG' }, validDays: 0 } }],
  vouchers: [{ rewardId: 'RP-50K', points: 20, reward: { voucher: { kind: 'amountOff', amount: 50_000 }, validDays: 7 } }],
};

const coffees = (receiptId: string, quantity: number, customerId = 'sari') => ({
  receiptId,
  storeId: 'JKT-01',
  customerId,
  occurredAt: hoursAgo(2),
  currency: 'IDR',
  total: quantity * 25_000,
  lines: [{ sku: 'KOPI-SUSU', category: 'drinks', quantity, unitPrice: 25_000 }],
});

async function cli(args: string[], dataDir: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, { out: (text) => (out += `${text}\n`), err: { write: () => true, isTTY: false }, env: { SETIA_DATA_DIR: dataDir } });
  return { code, out };
}

describe('a member\'s stamp cards and voucher wallet, over HTTP on the embedded default', () => {
  let setia: TestApp;
  let code: string;

  const wallet = async (customerId = 'sari') => (await setia.request('GET', `${T}/customers/${customerId}/vouchers`)).body.vouchers;
  const ledgerTypes = async (customerId = 'sari') => ((await setia.request('GET', `${T}/customers/${customerId}/ledger`)).body.events as Array<{ type: string }>).map((event) => event.type);

  /** The request, refused with `status` naming `field`, with nothing appended. */
  async function refused(method: 'PUT' | 'POST', url: string, body: unknown, status: number, field: string, headers?: Record<string, string>) {
    const before = await setia.lastPosition();
    const answer = await setia.request(method, url, body, headers);
    expect({ status: answer.status, field: answer.body.field }).toEqual({ status, field });
    expect(await setia.lastPosition()).toBe(before);
    return answer.body;
  }

  beforeAll(async () => {
    setia = await startSetia();
    expect((await setia.request('PUT', `${T}/program`, WARUNG)).status).toBe(200);
    expect((await setia.request('POST', `${T}/members`, { customerId: 'sari', cardNumber: '7100 0001' })).status).toBe(201);
  });
  afterAll(() => setia.close());

  it('coffees stamp the card across receipts; the tenth issues a voucher with an unguessable code, in the wallet and never in the ledger', async () => {
    expect((await setia.request('POST', `${T}/purchases`, coffees('K-1', 4))).status).toBe(201);
    expect((await setia.request('GET', `${T}/customers/sari/stamp-cards`)).body).toEqual({
      customerId: 'sari',
      cards: [{ cardId: 'KOPI-10', name: 'Buy 10 coffees, get 1 free', stamps: 4, stampsNeeded: 10, owed: 0, completed: 0, vouchers: [] }],
    });
    const second = await setia.request('POST', `${T}/purchases`, coffees('K-2', 7));
    expect(second.status).toBe(201);
    expect(second.body.vouchersIssued).toEqual([
      { voucherId: 'card:KOPI-10:1', benefit: { kind: 'freeItem', sku: 'KOPI-SUSU' }, validUntil: expect.any(String), source: { rule: 'stampCards', id: 'KOPI-10' } },
    ]);
    expect((await setia.request('GET', `${T}/customers/sari/stamp-cards`)).body.cards).toEqual([
      { cardId: 'KOPI-10', name: 'Buy 10 coffees, get 1 free', stamps: 1, stampsNeeded: 10, owed: 0, completed: 1, vouchers: ['card:KOPI-10:1'] },
    ]);
    const vouchers = await wallet();
    expect(vouchers).toHaveLength(1);
    expect(vouchers[0]).toMatchObject({
      voucherId: 'card:KOPI-10:1',
      benefit: { kind: 'freeItem', sku: 'KOPI-SUSU' },
      status: 'active',
      source: { rule: 'stampCards', id: 'KOPI-10' },
      receiptId: 'K-2',
      used: null,
    });
    code = vouchers[0].code;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    // The till's summary of the member (by the card she shows) names the voucher she can use, not its code.
    const summary = await setia.request('GET', `${T}/cards/${encodeURIComponent('7100 0001')}`);
    expect(summary.body.vouchers).toEqual([{ voucherId: 'card:KOPI-10:1', benefit: { kind: 'freeItem', sku: 'KOPI-SUSU' }, validUntil: vouchers[0].validUntil }]);
    expect(JSON.stringify(summary.body)).not.toContain(code);
    const ledger = JSON.stringify((await setia.request('GET', `${T}/customers/sari/ledger`)).body);
    expect(ledger).toContain('VoucherIssued');
    expect(ledger).not.toContain(code);
  });

  it('20 tills use the voucher at the same moment: exactly one use is recorded, the others get 409', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => setia.request('POST', `${T}/vouchers/${code}/use`, { storeId: 'JKT-01', receiptId: `U-${i}` })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    const won = answers.find((answer) => answer.status === 200)!.body;
    expect(won).toMatchObject({ customerId: 'sari', voucherId: 'card:KOPI-10:1', status: 'used', used: { storeId: 'JKT-01' } });
    // Used, it is no longer among what the till can take.
    expect((await setia.request('GET', `${T}/cards/${encodeURIComponent('7100 0001')}`)).body.vouchers).toEqual([]);
    const lost = answers.find((answer) => answer.status === 409)!.body;
    expect(lost).toMatchObject({ error: 'VoucherAlreadyUsed', field: 'code' });
    expect((await ledgerTypes()).filter((type) => type === 'VoucherUsed')).toEqual(['VoucherUsed']);
    // The winning till's retry gets the same answer, and records nothing.
    const before = await setia.lastPosition();
    expect(await setia.request('POST', `${T}/vouchers/${code}/use`, { storeId: 'JKT-01', receiptId: won.used.receiptId })).toMatchObject({ status: 200, body: won });
    expect(await setia.lastPosition()).toBe(before);
  });

  it('a use is cancelled once, however the code is spelled; then the voucher may be used again', async () => {
    const spelled = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    expect(await setia.request('POST', `${T}/vouchers/${spelled}/cancel-use`)).toMatchObject({ status: 200, body: { voucherId: 'card:KOPI-10:1', status: 'active', used: null } });
    await refused('POST', `${T}/vouchers/${code}/cancel-use`, undefined, 409, 'code');
    expect(await setia.request('POST', `${T}/vouchers/${code}/use`, { storeId: 'JKT-01', receiptId: 'U-AGAIN' })).toMatchObject({ status: 200, body: { status: 'used' } });
    expect((await wallet())[0]).toMatchObject({ status: 'used', used: { storeId: 'JKT-01', receiptId: 'U-AGAIN' } });
  });

  it('an unknown code, or one of another tenant, finds no voucher (404); bad bodies are refused naming the field; nothing is recorded', async () => {
    await refused('POST', `${T}/vouchers/0123456789ABCDEF/use`, { storeId: 'JKT-01', receiptId: 'U-X' }, 404, 'code');
    expect((await setia.request('PUT', `${OTHER}/program`, WARUNG)).status).toBe(200);
    await refused('POST', `${OTHER}/vouchers/${code}/use`, { storeId: 'JKT-01', receiptId: 'U-X' }, 404, 'code');
    await refused('POST', `${OTHER}/vouchers/${code}/cancel-use`, undefined, 404, 'code');
    await refused('POST', `${T}/vouchers/${code}/use`, { storeId: 'JKT-01' }, 400, 'receiptId');
    await refused('POST', `${T}/vouchers/${code}/use`, { storeId: 'JKT-01', receiptId: 'U-Y', discount: 5 }, 400, 'discount');
    await refused('POST', `${T}/vouchers/not!a!code/use`, { storeId: 'JKT-01', receiptId: 'U-Y' }, 400, 'code');
  });

  it('a return that undoes the completed card withdraws its unused voucher; a withdrawn voucher cannot be used', async () => {
    expect((await setia.request('POST', `${T}/members`, { customerId: 'budi', cardNumber: '7100 0002' })).status).toBe(201);
    expect((await setia.request('POST', `${T}/purchases`, coffees('B-1', 10, 'budi'))).status).toBe(201);
    const [voucher] = await wallet('budi');
    expect(voucher).toMatchObject({ voucherId: 'card:KOPI-10:1', status: 'active' });
    const returned = await setia.request('POST', `${T}/returns`, {
      returnId: 'BR-1',
      receiptId: 'B-1',
      storeId: 'JKT-01',
      customerId: 'budi',
      occurredAt: hoursAgo(1),
      amount: 50_000,
    });
    expect(returned.status).toBe(201);
    expect((await wallet('budi'))[0]).toMatchObject({ voucherId: 'card:KOPI-10:1', status: 'voided' });
    expect((await setia.request('GET', `${T}/customers/budi/stamp-cards`)).body.cards[0]).toMatchObject({ stamps: 8, completed: 1, vouchers: [] });
    const answer = await refused('POST', `${T}/vouchers/${voucher.code}/use`, { storeId: 'JKT-01', receiptId: 'B-2' }, 409, 'code');
    expect(answer.error).toBe('VoucherWithdrawn');
    expect(await ledgerTypes('budi')).toEqual(['CustomerEnrolled', 'PurchaseRecorded', 'PointsEarned', 'StampsCollected', 'VoucherIssued', 'ReturnRecorded', 'PointsReversed', 'StampsTakenBack', 'VoucherVoided']);
    // The customer's read-model document follows the wallet and the card, for BI tools.
    const profile = await eventually(async () => {
      const answer = (await setia.request('GET', `${T}/customers/budi/profile`)).body.customer;
      return answer?.vouchers?.voided === 1 ? answer : undefined;
    });
    expect(profile).toMatchObject({ vouchers: { issued: 1, used: 0, voided: 1 }, stampCards: [{ cardId: 'KOPI-10', stamps: 8, owed: 0, completed: 0 }] });
  });

  it('a member buys a voucher with points, and it is in the wallet with the rest', async () => {
    expect((await setia.request('POST', `${T}/redemptions`, { redemptionId: 'RV-1', customerId: 'sari', rewardId: 'RP-50K', storeId: 'JKT-01' })).status).toBe(201);
    expect((await wallet()).map((voucher: { voucherId: string; status: string }) => [voucher.voucherId, voucher.status])).toEqual([
      ['card:KOPI-10:1', 'used'],
      ['redemption:RV-1', 'active'],
    ]);
  });

  it('receipts of one local day reaching the daily gift\'s minimum give its voucher once, beside the stamp card\'s', async () => {
    expect((await setia.request('POST', `${T}/members`, { customerId: 'citra', cardNumber: '7100 0003' })).status).toBe(201);
    // One instant for the three receipts: one local day, whenever the suite runs.
    const occurredAt = hoursAgo(0.1);
    expect((await setia.request('POST', `${T}/purchases`, { ...coffees('C-1', 8, 'citra'), occurredAt })).status).toBe(201);
    expect(await wallet('citra')).toEqual([]);
    expect((await setia.request('POST', `${T}/purchases`, { ...coffees('C-2', 8, 'citra'), occurredAt })).status).toBe(201);
    expect((await setia.request('POST', `${T}/purchases`, { ...coffees('C-3', 1, 'citra'), occurredAt })).status).toBe(201);
    const vouchers = await wallet('citra');
    expect(vouchers.map((voucher: { source: { rule: string }; status: string; receiptId: string }) => [voucher.source.rule, voucher.status, voucher.receiptId])).toEqual([
      ['stampCards', 'active', 'C-2'],
      ['gifts', 'active', 'C-2'],
    ]);
    expect(vouchers[1].voucherId).toMatch(/^gift:TAS:\d{4}-\d{2}-\d{2}:1$/);
  });

  it('refuses stamp cards that make no sense, naming the field, and keeps the program', async () => {
    const revision = (await setia.request('GET', `${T}/program`)).body.revision;
    await refused('PUT', `${T}/program`, { ...WARUNG, stampCards: [{ ...KOPI_CARD, stampsNeeded: 0 }] }, 400, 'stampCards[0].stampsNeeded');
    await refused('PUT', `${T}/program`, { ...WARUNG, stampCards: [{ ...KOPI_CARD, colour: 'red' }] }, 400, 'stampCards[0].colour');
    await refused('PUT', `${T}/program`, { ...WARUNG, stampCards: [{ ...KOPI_CARD, reward: { voucher: { kind: 'freeItem' }, validDays: 3 } }] }, 422, 'stampCards[0].reward.voucher.sku');
    expect((await setia.request('GET', `${T}/program`)).body.revision).toBe(revision);
  });

  it('the vouchers dashboard counts them per store and month, as the ledgers say', async () => {
    const expected = {
      issued: 5,
      issuedByStampCards: 3,
      issuedByGifts: 1,
      issuedForPoints: 1,
      used: 2,
      usesCancelled: 1,
      voided: 1,
      stampsCollected: 38,
      stampsTakenBack: 2,
      useRate: 0.2,
    };
    const totals = await eventually(async () => {
      const answer = (await setia.request('GET', `${T}/dashboards/vouchers`)).body;
      return answer.totals?.issued === expected.issued && answer.totals.stampsTakenBack === expected.stampsTakenBack ? answer.totals : undefined;
    });
    expect(totals).toEqual(expected);
  });

  it('the auditor re-decides every stamp, voucher and use, and rebuilds the read models the same: verify agrees', async () => {
    const verified = await cli(['ledger', 'verify', '--tenant', TENANT], setia.dataDir);
    expect(verified.out).toContain('decisions decided again under their program revision: 14 of 14 reproduced');
    expect(verified.out).toContain('read models: 3 customer documents compared');
    expect(verified.out).toContain('OK: everything agrees');
    expect(verified.code).toBe(0);
  });
});
