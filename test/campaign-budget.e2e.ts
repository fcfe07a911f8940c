import { verifyStore } from '@setia/audit';
import { SqliteEventStore } from '@setia/event-store';
import { join } from 'node:path';
import { purchase } from './support/program';
import { spawnSetia } from './support/spawned-setia';
import type { SpawnedSetia } from './support/spawned-setia';

const TENANT = 'ramadan';
const T = `/v1/tenants/${TENANT}`;
const TILLS = 50;
const PURCHASES_PER_TILL = 6;
const BUDGET = 1_000;

/**
 * A campaign's budget, contended by every till of the chain through two API processes (each its
 * own operating-system process) on one embedded store: it is given exactly, never more, and no
 * purchase is refused for it.
 */
describe('a capped campaign under 50 concurrent tills over two API processes', () => {
  let first: SpawnedSetia;
  let second: SpawnedSetia;
  let keys: { admin: string; pos: string };

  beforeAll(async () => {
    first = await spawnSetia('apps/api/src/main.js', { SETIA_SQLITE_SYNCHRONOUS: 'NORMAL' });
    keys = await first.provision(TENANT);
    second = await spawnSetia('apps/api/src/main.js', { SETIA_SQLITE_SYNCHRONOUS: 'NORMAL' }, first.dataDir);
    const year = new Date().getUTCFullYear();
    const created = await first.send(
      'POST',
      `${T}/campaigns`,
      { campaignId: 'ramadan-double', name: 'Ramadan double points', from: `${year - 1}-01-01`, to: `${year + 1}-12-31`, effect: { multiplier: 2 }, budget: { points: BUDGET } },
      keys.admin,
    );
    expect(created.status).toBe(201);
    for (let till = 0; till < TILLS; till++) {
      expect((await first.send('POST', `${T}/members`, { customerId: `m-${till}`, cardNumber: `5001 ${till}` }, keys.pos)).status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    await second?.stop();
    await first?.cleanUp();
  });

  it(`gives exactly ${BUDGET} points of the budget, every purchase accepted; a return gives its points back to the budget, given again to the point`, async () => {
    // Till n posts its purchases one after another, alternately to each process; every till at once.
    const answers = await Promise.all(
      Array.from({ length: TILLS }, async (_, till) => {
        const mine: Array<{ status: number; body: any }> = [];
        for (let n = 0; n < PURCHASES_PER_TILL; n++) {
          const api = (till + n) % 2 === 0 ? first : second;
          // 3 to 21 base points, so slices are spent unevenly.
          const total = ((till * 7 + n) % 7 + 1) * 30_000;
          mine.push(await api.send('POST', `${T}/purchases`, purchase(`m-${till}`, total, { receiptId: `R-${till}-${n}` }), keys.pos));
        }
        return mine;
      }),
    ).then((perTill) => perTill.flat());

    expect(answers.map((answer) => answer.status)).toEqual(Array(TILLS * PURCHASES_PER_TILL).fill(201));
    const given = (list: typeof answers) => list.reduce((sum, answer) => sum + answer.body.campaigns.reduce((points: number, c: { points: number }) => points + c.points, 0), 0);
    expect(given(answers)).toBe(BUDGET);
    // The demand was well over the budget: the purchases after it ran out said so.
    expect(answers.filter((answer) => answer.body.campaigns.some((c: { exhausted: boolean }) => c.exhausted)).length).toBeGreaterThan(0);
    const wanted = answers.reduce((sum, answer) => sum + answer.body.pointsEarned, 0);
    expect(wanted).toBeGreaterThan(2 * BUDGET);

    // A receipt that got campaign points is returned whole: its points go back to the budget, and the next purchases get exactly them.
    const returned = answers.find((answer) => answer.body.campaigns[0]?.points > 0 && !answer.body.campaigns[0].exhausted)!;
    const back = await second.send(
      'POST',
      `${T}/returns`,
      { returnId: 'RT-1', receiptId: returned.body.receiptId, storeId: 'JKT-01', customerId: returned.body.customerId, occurredAt: new Date().toISOString(), amount: (await totalOf(returned.body.receiptId)) },
      keys.pos,
    );
    expect(back.status).toBe(201);
    const givenBack = back.body.campaigns[0].points;
    expect(givenBack).toBe(returned.body.campaigns[0].points);
    const after = [];
    for (let n = 0; n < 6; n++) after.push(await (n % 2 === 0 ? first : second).send('POST', `${T}/purchases`, purchase(`m-${n}`, 300_000, { receiptId: `R-AFTER-${n}` }), keys.pos));
    expect(after.map((answer) => answer.status)).toEqual(Array(6).fill(201));
    expect(given(after)).toBe(givenBack);

    // The ledgers and the budget's streams say the same: what every ledger kept of the campaign is the budget.
    await second.stop();
    await first.stop();
    const store = new SqliteEventStore(join(first.dataDir, 'events.sqlite'));
    try {
      let kept = 0;
      let spent = 0;
      for (const event of await store.readAll()) {
        const data = event.data as { campaignId?: string; points: number; reason?: string };
        if (event.type === 'PointsEarned' && data.campaignId === 'ramadan-double') kept += data.points;
        if (event.type === 'PointsReversed' && data.campaignId === 'ramadan-double') kept -= data.points;
        if (event.streamName.startsWith(`budgetslice-${TENANT}-`) && event.type === 'BudgetSpent') spent += data.points;
        if (event.streamName.startsWith(`budgetslice-${TENANT}-`) && event.type === 'BudgetGivenBack') spent -= data.points;
        if (event.streamName.startsWith(`budget-${TENANT}-`) && event.type === 'BudgetGivenBack') spent -= data.points;
      }
      expect(kept).toBe(BUDGET);
      expect(spent).toBe(BUDGET);
      // The auditor re-decides every purchase and adds the budget's streams up: no difference.
      const audit = await verifyStore(store, { tenant: TENANT });
      expect(audit.differences).toEqual([]);
      expect(audit.customers.every((customer) => customer.reproduced === customer.decisions)).toBe(true);
      expect(audit.budgets['ramadan-double']).toMatchObject({ spent: audit.budgets['ramadan-double'].ledgerGiven });
    } finally {
      await store.close();
    }

    async function totalOf(receiptId: string): Promise<number> {
      const [, till, n] = /^R-(\d+)-(\d+)$/.exec(receiptId)!.map(Number);
      return ((till * 7 + n) % 7 + 1) * 30_000;
    }
  }, 300_000);
});

/**
 * Slices of a 256th of the budget (100 points) and purchases wanting 90: most slices are left with
 * points when the budget is all handed out, so giving it to the point needs those of the killed
 * process.
 */
const CRASH_BUDGET = 25_600;
const CRASH_BONUS = 90;

describe('a capped campaign when one of the two API processes is killed under load', () => {
  let first: SpawnedSetia;
  let second: SpawnedSetia;
  let keys: { admin: string; pos: string };
  const tenant = 'lebaran';
  const t = `/v1/tenants/${tenant}`;

  beforeAll(async () => {
    first = await spawnSetia('apps/api/src/main.js', { SETIA_SQLITE_SYNCHRONOUS: 'NORMAL' });
    keys = await first.provision(tenant);
    second = await spawnSetia('apps/api/src/main.js', { SETIA_SQLITE_SYNCHRONOUS: 'NORMAL' }, first.dataDir);
    const year = new Date().getUTCFullYear();
    const campaign = { campaignId: 'lebaran-bonus', name: 'Lebaran bonus', from: `${year - 1}-01-01`, to: `${year + 1}-12-31`, effect: { bonusPoints: CRASH_BONUS }, budget: { points: CRASH_BUDGET } };
    expect((await first.send('POST', `${t}/campaigns`, campaign, keys.admin)).status).toBe(201);
    for (let till = 0; till < TILLS; till++) expect((await first.send('POST', `${t}/members`, { customerId: `m-${till}`, cardNumber: `5002 ${till}` }, keys.pos)).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await second?.stop();
    await first?.cleanUp();
  });

  it('gives exactly the budget: the slices the killed process held are used by the other, and every purchase is recorded once, its till retrying', async () => {
    let answered = 0;
    let killed = false;
    const purchases = Array.from({ length: TILLS }, async (_, till) => {
      const mine: Array<{ status: number; body: any }> = [];
      for (let n = 0; n < PURCHASES_PER_TILL; n++) {
        const body = purchase(`m-${till}`, 100_000, { receiptId: `L-${till}-${n}` });
        // A till retries on the other process when its own does not answer: the same receipt is one purchase.
        let api = (till + n) % 2 === 0 ? first : second;
        for (;;) {
          const answer = await api.send('POST', `${t}/purchases`, body, keys.pos).catch(() => undefined);
          if (answer && answer.status < 500) {
            mine.push(answer);
            break;
          }
          api = first;
        }
        answered += 1;
        if (answered === 60 && !killed) {
          killed = true;
          second.child.kill('SIGKILL');
        }
      }
      return mine;
    });
    const answers = (await Promise.all(purchases)).flat();
    expect(killed).toBe(true);
    expect(answers.map((answer) => answer.status)).toEqual(Array(TILLS * PURCHASES_PER_TILL).fill(201));
    // 300 purchases wanting 90 points each, 27,000 in all, for a budget of 25,600.
    const given = answers.reduce((sum, answer) => sum + answer.body.campaigns.reduce((points: number, c: { points: number }) => points + c.points, 0), 0);
    expect(given).toBe(CRASH_BUDGET);

    await first.stop();
    const store = new SqliteEventStore(join(first.dataDir, 'events.sqlite'));
    try {
      let kept = 0;
      let spent = 0;
      const purchasesRecorded = new Map<string, number>();
      for (const event of await store.readAll()) {
        const data = event.data as { campaignId?: string; points: number; receiptId?: string };
        if (event.type === 'PurchaseRecorded' && event.streamName.startsWith(`customer-${tenant}-`)) purchasesRecorded.set(data.receiptId!, (purchasesRecorded.get(data.receiptId!) ?? 0) + 1);
        if (event.type === 'PointsEarned' && data.campaignId === 'lebaran-bonus') kept += data.points;
        if (event.streamName.startsWith(`budgetslice-${tenant}-`) && event.type === 'BudgetSpent') spent += data.points;
      }
      expect(purchasesRecorded.size).toBe(TILLS * PURCHASES_PER_TILL);
      expect([...purchasesRecorded.values()].every((count) => count === 1)).toBe(true);
      expect(kept).toBe(CRASH_BUDGET);
      expect(spent).toBe(CRASH_BUDGET);
      const audit = await verifyStore(store, { tenant });
      expect(audit.differences).toEqual([]);
      expect(audit.budgets['lebaran-bonus']).toMatchObject({ spent: CRASH_BUDGET, ledgerGiven: CRASH_BUDGET });
    } finally {
      await store.close();
    }
  }, 300_000);
});
