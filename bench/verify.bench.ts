import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelope } from '@setia/application';
import { describeDifference, verifyStoreInParallel } from '@setia/audit';
import { decideCustomer, decideProgram, evolveCustomer, initialCustomerState, initialProgramState, programStream } from '@setia/domain';
import type { CustomerCommand, CustomerState, ProgramVersion } from '@setia/domain';
import { SqliteEventStore } from '@setia/event-store';
import type { EventToAppend } from '@setia/event-store';
import { WORKLOAD_PROGRAM } from './ledger-generator';

const TENANT = 'bench';
const DEFAULT_EVENTS = 1_000_000;
/** Customers written side by side, one command each per transaction, so streams interleave as in life. */
const GROUP = 2_000;


interface Writer {
  id: string;
  stream: string;
  state: CustomerState;
  lastHash: string | null;
  commands: number;
}

/** The n-th command of a customer: enrolment, then purchases over weeks, a redemption now and then. */
function commandFor(writer: Writer, n: number, program: ProgramVersion, start: number): { command: CustomerCommand; commandId: string } {
  const at = new Date(start + n * 6 * 86_400_000 + (writer.commands % 977) * 60_000).toISOString();
  if (n === 0) {
    return {
      commandId: `enrol:${writer.id}`,
      command: { type: 'Enrol', data: { customerId: writer.id, cardNumber: `6001-${writer.id}`, ownReferralCode: `C${writer.id}`, now: at, program } },
    };
  }
  if (n % 5 === 0 && writer.state.points >= 100) {
    const redemptionId = `RD-${writer.id}-${n}`;
    return {
      commandId: `redeem:${redemptionId}`,
      command: { type: 'RedeemReward', data: { redemptionId, customerId: writer.id, rewardId: 'COFFEE', storeId: 'JKT-01', now: at, program } },
    };
  }
  const receiptId = `R-${writer.id}-${n}`;
  const total = 150_000 + ((n * 7919 + writer.id.length * 104_729) % 9) * 100_000;
  return {
    commandId: `purchase:${receiptId}`,
    command: {
      type: 'RecordPurchase',
      data: {
        receiptId,
        storeId: n % 3 === 0 ? 'MKS-01' : 'JKT-01',
        customerId: writer.id,
        occurredAt: at,
        currency: 'IDR',
        total,
        lines: [
          { sku: 'KOPI-SUSU', category: 'drinks', quantity: 2, unitPrice: 35_000 },
          { sku: 'ROTI', category: 'food', quantity: 1, unitPrice: total - 70_000 },
        ],
        now: at,
        program,
      },
    },
  };
}

/**
 * Writes `events` events for one tenant into a SQLite store, decided by the real deciders with
 * valid hash chains (the app's envelope), through the adapter's batched append: one transaction
 * per round of a group of customers.
 */
export async function writeTenant(store: SqliteEventStore, events: number): Promise<number> {
  const start = Date.parse('2025-01-06T02:00:00.000Z');
  const [configured] = envelope(decideProgram({ type: 'ConfigureProgram', data: { program: WORKLOAD_PROGRAM, now: new Date(start - 86_400_000).toISOString() } }, initialProgramState()), 'program:0', { tenant: TENANT });
  await store.appendToStream(programStream(TENANT), [configured], { expectedRevision: 'no_stream' });
  const program: ProgramVersion = { revision: 0, rules: WORKLOAD_PROGRAM };
  let written = 1;
  let next = 0;
  while (written < events) {
    const group: Writer[] = Array.from({ length: GROUP }, () => {
      const id = `m${String(next++).padStart(7, '0')}`;
      return { id, stream: `customer-${TENANT}-${id}`, state: initialCustomerState(), lastHash: null, commands: next };
    });
    for (let n = 0; written < events; n++) {
      const appends: Array<Promise<unknown>> = [];
      let round = 0;
      for (const writer of group) {
        if (written + round >= events) break;
        const { command, commandId } = commandFor(writer, n, program, start);
        const decided = decideCustomer(command, writer.state);
        const toAppend: EventToAppend[] = envelope(decided, commandId, { tenant: TENANT, correlationId: commandId }, writer.lastHash);
        for (const event of decided) writer.state = evolveCustomer(writer.state, event);
        writer.lastHash = (toAppend[toAppend.length - 1]?.metadata.hash as string | undefined) ?? writer.lastHash;
        round += toAppend.length;
        if (toAppend.length > 0) appends.push(store.appendToStream(writer.stream, toAppend));
      }
      await Promise.all(appends);
      written += round;
      // About 25 events a customer, then the next group.
      if (n >= 12) break;
    }
  }
  return written;
}

export interface VerifyBenchResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  differences: number;
}

/** `verify` of a tenant of a million events on the embedded store: events per second. */
export async function benchVerify(events = DEFAULT_EVENTS): Promise<VerifyBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'setia-bench-verify-'));
  const file = join(dir, 'events.sqlite');
  try {
    const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
    const writeStarted = performance.now();
    const written = await writeTenant(store, events);
    await store.close();
    console.log(`verify bench: wrote ${written.toLocaleString('en')} events for one tenant in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`);
    const started = performance.now();
    // What `setia ledger verify --tenant bench` runs: one worker thread per core.
    const result = await verifyStoreInParallel({ kind: 'sqlite', file, synchronous: 'NORMAL' }, { tenant: TENANT });
    const seconds = (performance.now() - started) / 1000;
    const eventsPerSecond = Math.round(result.events / seconds);
    console.log(
      `verify (sqlite, ${availableParallelism()} cores): ${eventsPerSecond.toLocaleString('en')} events/s — ${result.events.toLocaleString('en')} events, ` +
        `${result.totals.customers.toLocaleString('en')} ledgers, ${result.totals.decisions.toLocaleString('en')} decisions decided again ` +
        `(${result.totals.reproduced.toLocaleString('en')} as recorded), ` +
        `hash chains checked, in ${seconds.toFixed(1)} s; ${result.differences.length} differences`,
    );
    for (const difference of result.differences.slice(0, 5)) console.log(`  ${describeDifference(difference)}`);
    return { events: result.events, seconds, eventsPerSecond, differences: result.differences.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchVerify(Number(process.argv[2] ?? DEFAULT_EVENTS)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
