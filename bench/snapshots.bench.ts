import { LedgerFixture, rupiahProgram } from '../libs/audit/src/testing/ledger-fixture';

/** Members read at each ledger length: enough that one read's noise does not show. */
const MEMBERS = 300;

/**
 * Reading a member not in memory (a cache miss: the API just started, or a member seen once in a
 * while), from their stream against from the snapshot kept beside it, at several ledger lengths:
 * members of `purchases` purchases (two events each) and their enrolment, written through the real
 * ledger into the embedded store. Each read is by a ledger opened afresh on the store, as another
 * process would; the snapshots are the ones the first of them keeps.
 */
async function benchLength(purchases: number): Promise<void> {
  const fixture = LedgerFixture.create('kopi');
  const opened: LedgerFixture[] = [];
  try {
    await fixture.configure(rupiahProgram());
    for (let m = 0; m < MEMBERS; m++) await fixture.enrol(`m${m}`);
    for (let p = 0; p < purchases; p++) {
      fixture.advanceDays(0.25);
      await Promise.all(Array.from({ length: MEMBERS }, (_, m) => fixture.purchase(`m${m}`, `R-${m}-${p}`, 150_000)));
    }
    const events = (await fixture.store.readStream('customer-kopi-m0')).length;
    /** Microseconds a member, reading every member once with a ledger opened afresh. */
    const readAll = async (withSnapshots: boolean) => {
      const another = fixture.another();
      opened.push(another);
      if (!withSnapshots) Object.assign(another.store, { readSnapshot: undefined, keepSnapshot: undefined });
      const started = process.hrtime.bigint();
      for (let m = 0; m < MEMBERS; m++) await another.ledger.state('kopi', `m${m}`);
      return Number(process.hrtime.bigint() - started) / 1000 / MEMBERS;
    };
    await readAll(true); // keeps the snapshots (for a ledger of SNAPSHOT_AFTER_EVENTS events or more)
    await new Promise((resolve) => setTimeout(resolve, 200)); // written with the store's next commit
    const kept = await fixture.store.readSnapshot('customer-kopi-m0');
    const fromStream = Math.min(await readAll(false), await readAll(false));
    const fromSnapshot = Math.min(await readAll(true), await readAll(true));
    console.log(
      `  ${events} events: from the stream ${Math.round(fromStream)} µs, ${kept ? `from the snapshot ${Math.round(fromSnapshot)} µs (${(fromStream / fromSnapshot).toFixed(2)}× as fast)` : `no snapshot kept (${Math.round(fromSnapshot)} µs)`}`,
    );
  } finally {
    for (const another of opened) await another.close();
    await fixture.close();
  }
}

/** `npm run bench -- snapshots`: a member read from the store, by the length of their ledger. */
export async function benchSnapshots(): Promise<void> {
  console.log(`Reading a member not in memory (${MEMBERS} members a length, the best of two reads of each):`);
  for (const purchases of [8, 20, 50, 100]) await benchLength(purchases);
}
