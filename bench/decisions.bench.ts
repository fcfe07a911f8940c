import { decideAndEvolveCustomer, initialCustomerState } from '@setia/domain';
import type { CustomerState } from '@setia/domain';
import { enrol, purchase } from '../libs/domain/src/testing/fixtures';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-06-15T10:00:00.000Z');
const DECISIONS = 20_000;
const WARM_UP = 5_000;

/** A member enrolled 340 days ago with `receipts` purchases spread over the 330 days since. */
function memberWith(receipts: number): CustomerState {
  const enrolledAt = new Date(NOW - 340 * DAY_MS).toISOString();
  let state = decideAndEvolveCustomer(enrol({ now: enrolledAt }), initialCustomerState()).state;
  for (let i = 0; i < receipts; i++) {
    const at = new Date(NOW - 330 * DAY_MS + Math.floor((i * 330 * DAY_MS) / receipts)).toISOString();
    state = decideAndEvolveCustomer(purchase({ receiptId: `H-${i}`, occurredAt: at, now: at, total: 50_000 }), state).state;
  }
  return state;
}

/**
 * The pure decision of a purchase (the decider and the fold of its events, no I/O), for members
 * with more and more receipts: what a purchase's decision costs as a member's history grows. Each
 * decision is made on the same state, so the history stays as long.
 */
export async function benchDecisions(): Promise<void> {
  console.log('purchase decisions (decider and fold, in memory), by the member\'s receipts:');
  for (const receipts of [17, 100, 300, 1000]) {
    const state = memberWith(receipts);
    const at = new Date(NOW).toISOString();
    const commands = Array.from({ length: WARM_UP + DECISIONS }, (_, i) => purchase({ receiptId: `T-${i}`, occurredAt: at, now: at, total: 50_000 }));
    for (let i = 0; i < WARM_UP; i++) decideAndEvolveCustomer(commands[i], state);
    const started = process.hrtime.bigint();
    for (let i = WARM_UP; i < commands.length; i++) decideAndEvolveCustomer(commands[i], state);
    const micros = Number(process.hrtime.bigint() - started) / 1000 / DECISIONS;
    console.log(`  ${receipts} receipts: ${micros.toFixed(2)} µs a decision (${DECISIONS.toLocaleString('en')} decisions after ${WARM_UP.toLocaleString('en')} of warm-up)`);
  }
}
