import { inflateRawSync } from 'node:zlib';
import { CustomerSnapshots } from '@setia/application';
import { LedgerFixture, rupiahProgram } from '../libs/audit/src/testing/ledger-fixture';
import { customerStream, decodeCustomerState, SNAPSHOT_AFTER_EVENTS, encodeCustomerState, evolveCustomer, initialCustomerState } from '@setia/domain';
import type { CustomerState } from '@setia/domain';
import type { StreamSnapshot } from '@setia/event-store';
import { eventually } from './support/setia-app';

const TENANT = 'kopi';
const STREAM = customerStream(TENANT, 'ani');
/** The stream's last revision once set up: enrolment, sixteen purchases of two events each, Silver and Gold reached on the way. */
const END = 34;

/** The member as a fold of their whole stream (personal fields opened) says. */
async function folded(fixture: LedgerFixture): Promise<CustomerState> {
  let state = initialCustomerState();
  for (const event of await fixture.personalData.open(TENANT, 'ani', await fixture.store.readStream(STREAM))) state = evolveCustomer(state, event as never);
  return state;
}

/** The snapshot kept beside the stream once it is at `revision` (it is written with a later commit). */
async function snapshotAt(fixture: LedgerFixture, revision: number): Promise<StreamSnapshot> {
  for (let tries = 0; tries < 200; tries++) {
    const snapshot = await fixture.store.readSnapshot(STREAM);
    if (snapshot?.revision === revision) return snapshot;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no snapshot at revision ${revision}: ${JSON.stringify((await fixture.store.readSnapshot(STREAM))?.revision)}`);
}

/** Revisions the ledger read the member's stream from. */
function readsOf(fixture: LedgerFixture): number[] {
  const reads: number[] = [];
  const readStream = fixture.store.readStream.bind(fixture.store);
  jest.spyOn(fixture.store, 'readStream').mockImplementation((stream, options) => {
    if (stream === STREAM) reads.push(options?.fromRevision ?? 0);
    return readStream(stream, options);
  });
  return reads;
}

describe('snapshots of customers kept beside their streams', () => {
  let fixture: LedgerFixture;
  const opened: LedgerFixture[] = [];
  /** The store opened again, as another process would, with its reads of the member's stream recorded. */
  const anotherProcess = () => {
    const another = fixture.another();
    opened.push(another);
    return { another, reads: readsOf(another) };
  };

  beforeEach(async () => {
    fixture = LedgerFixture.create(TENANT);
    await fixture.configure(rupiahProgram());
    await fixture.enrol('ani');
    for (let i = 1; i <= 16; i++) {
      fixture.advanceDays(1);
      await fixture.purchase('ani', `R-${i}`, 450_000);
    }
    // Long enough that a read folding it all keeps a snapshot.
    expect((await fixture.store.readStream(STREAM)).length).toBe(END + 1);
    expect(END + 1).toBeGreaterThanOrEqual(SNAPSHOT_AFTER_EVENTS);
  });
  afterEach(async () => {
    for (const another of opened.splice(0)) await another.close();
    await fixture.close();
  });

  it('a read that folds the whole stream keeps one; the next reads it and the events after it, and decides the same', async () => {
    const first = anotherProcess();
    expect(encodeCustomerState(await first.another.ledger.state(TENANT, 'ani'))).toBe(encodeCustomerState(await folded(fixture)));
    expect(first.reads).toEqual([0]);
    const snapshot = await snapshotAt(fixture, END);
    // Sealed with the member's key, and holding their card number once opened.
    expect(snapshot.bytes[0]).toBe(1);
    expect(snapshot.bytes.includes(Buffer.from('card-ani'))).toBe(false);
    expect((await new CustomerSnapshots(fixture.store, fixture.personalData).read(TENANT, 'ani'))?.state.member?.cardNumber).toBe('card-ani');

    fixture.advanceDays(1);
    await fixture.purchase('ani', 'R-17', 450_000);
    const second = anotherProcess();
    // From the snapshot's own event on (to check it), not from the start.
    const bought = await second.another.purchase('ani', 'R-18', 3_000_000);
    expect(second.reads).toEqual([END + 1]);
    expect(bought.events.map((event) => event.type)).toEqual(['PurchaseRecorded', 'PointsEarned']);
    expect(encodeCustomerState(bought.state)).toBe(encodeCustomerState(await folded(fixture)));
    expect(bought.state.tier).toBe('Gold');
  });

  it('is not used where the stream has another event after it than the one it was taken at, or when another fold wrote it', async () => {
    await anotherProcess().another.ledger.state(TENANT, 'ani');
    const snapshot = await snapshotAt(fixture, END);

    fixture.advanceDays(1);
    await fixture.purchase('ani', 'R-17', 450_000);
    fixture.store.keepSnapshot(STREAM, { ...snapshot, revision: END, hash: 'f'.repeat(64) });
    await eventually(async () => ((await fixture.store.readSnapshot(STREAM))?.hash === 'f'.repeat(64) ? true : undefined));
    const otherEvent = anotherProcess();
    expect(encodeCustomerState(await otherEvent.another.ledger.state(TENANT, 'ani'))).toBe(encodeCustomerState(await folded(fixture)));
    expect(otherEvent.reads).toEqual([END + 1, 0]);

    // The read just now kept a snapshot of the whole stream: another fold's at the same revision replaces it.
    const whole = await snapshotAt(fixture, END + 2);
    fixture.store.keepSnapshot(STREAM, { ...whole, fold: 'another fold' });
    await eventually(async () => ((await fixture.store.readSnapshot(STREAM))?.fold === 'another fold' ? true : undefined));
    const otherFold = anotherProcess();
    await otherFold.another.ledger.state(TENANT, 'ani');
    expect(otherFold.reads).toEqual([0]);
  });

  it('goes with the member’s key: after an erasure it no longer opens, and the one kept then holds nothing personal', async () => {
    await anotherProcess().another.ledger.state(TENANT, 'ani');
    await snapshotAt(fixture, END);
    await fixture.erase('ani');

    const after = anotherProcess();
    const state = await after.another.ledger.state(TENANT, 'ani');
    expect(after.reads).toEqual([0]);
    expect({ erased: state.personalDataErased, card: state.member?.cardNumber }).toEqual({ erased: true, card: null });
    const kept = await snapshotAt(fixture, END + 1);
    expect(kept.bytes[0]).toBe(0);
    const text = inflateRawSync(kept.bytes.subarray(1)).toString('utf8');
    expect(text.includes('card-ani')).toBe(false);
    expect(decodeCustomerState(text).personalDataErased).toBe(true);
  });
});
