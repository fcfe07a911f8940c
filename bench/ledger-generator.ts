import { decideCustomer, decideProgram, evolveCustomer, initialCustomerState, initialProgramState } from '@setia/domain';
import type { CustomerCommand, CustomerEvent, CustomerState, Program, ProgramVersion } from '@setia/domain';
import { customerStream, programStream } from '@setia/domain';
import { envelope } from '@setia/application';
import type { EventStore, EventToAppend } from '@setia/event-store';
import type { PersonalData } from '@setia/personal-data';
import { sampleProgram } from '../libs/domain/src/testing/fixtures';

/** A small seeded random source, so a generated ledger is the same every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A chain with stores in three time zones, three tiers and a coffee reward. */
export const WORKLOAD_PROGRAM: Program = sampleProgram({
  stores: [
    { storeId: 'JKT-01', timeZone: 'Asia/Jakarta' },
    { storeId: 'JAP-01', timeZone: 'Asia/Jayapura' },
    { storeId: 'MKS-01', timeZone: 'Asia/Makassar' },
  ],
  tiers: [
    { name: 'Silver', minQualifyingSpend: 0, multiplier: 1 },
    { name: 'Gold', minQualifyingSpend: 1_000_000, multiplier: 1.5 },
    { name: 'Platinum', minQualifyingSpend: 30_000_000, multiplier: 2 },
  ],
  rewards: [{ rewardId: 'COFFEE', points: 100 }],
  referral: { referrerBonus: 200, refereeBonus: 100, minQualifyingPurchase: 200_000 },
});

interface Customer {
  id: string;
  state: CustomerState;
  lastHash: string | null;
  revision: number;
}

/**
 * Writes a realistic ledger for one tenant straight into an event store, decided by the real
 * deciders and chained like the API chains them: enrolments, purchases over many months at
 * stores in two time zones, partial returns, redemptions and cancels, feedback. Returns the
 * number of events written (at least `events`). With `everyCustomer`, the first commands go to
 * each customer in turn, so every one of them is in the ledger (and the read models).
 */
export async function generateLedger(
  store: EventStore,
  options: { tenant: string; customers: number; events: number; seed?: number; program?: Program; everyCustomer?: boolean },
): Promise<number> {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const rules = options.program ?? WORKLOAD_PROGRAM;
  const configured = decideProgram({ type: 'ConfigureProgram', data: { program: rules, now: '2025-01-01T00:00:00Z' } }, initialProgramState());
  const programEvents = envelope(configured, 'program-0', { tenant: options.tenant });
  await store.appendToStream(programStream(options.tenant), programEvents, { expectedRevision: 'any' });
  const program: ProgramVersion = { revision: 0, rules };
  let written = programEvents.length;

  const customers: Customer[] = Array.from({ length: options.customers }, (_, n) => ({
    id: `c${n}`,
    state: initialCustomerState(),
    lastHash: null,
    revision: -1,
  }));
  let clock = Date.parse('2025-01-02T00:00:00Z');
  let commandNumber = 0;
  const pending: Array<Promise<unknown>> = [];

  while (written < options.events) {
    clock += Math.floor(random() * 120_000);
    const now = new Date(clock + 3_600_000).toISOString();
    const occurredAt = new Date(clock).toISOString();
    const customer = options.everyCustomer && commandNumber < customers.length ? customers[commandNumber] : pick(customers);
    const { state } = customer;
    const storeId = pick(rules.stores).storeId;
    commandNumber += 1;
    const id = `${commandNumber}`;
    const receipts = [...state.receipts.values()].filter((receipt) => receipt.total > receipt.returned);
    const redemptions = [...state.redemptions.values()].filter((redemption) => !redemption.cancelled);
    const roll = random();
    let command: CustomerCommand;
    if (!state.member && roll < 0.25) {
      command = {
        type: 'Enrol',
        data: { customerId: customer.id, cardNumber: `6001 ${id}`, homeStoreId: storeId, ownReferralCode: `CODE${id}`, now, program },
      };
    } else if (roll < 0.8 || receipts.length === 0) {
      const total = (1 + Math.floor(random() * 60)) * 25_000;
      command = {
        type: 'RecordPurchase',
        data: {
          receiptId: `R${id}`,
          storeId,
          customerId: customer.id,
          occurredAt,
          currency: rules.currency,
          total,
          lines: [{ sku: `SKU-${Math.floor(random() * 50)}`, quantity: 1, unitPrice: total }],
          now,
          program,
        },
      };
    } else if (roll < 0.86) {
      const receipt = pick(receipts);
      const left = receipt.total - receipt.returned;
      command = {
        type: 'RecordReturn',
        data: { returnId: `T${id}`, receiptId: receipt.receiptId, storeId, customerId: customer.id, occurredAt, amount: Math.max(1, Math.floor(left * random())), now, program },
      };
    } else if (roll < 0.92 && state.member && state.points >= 100) {
      command = { type: 'RedeemReward', data: { redemptionId: `X${id}`, customerId: customer.id, rewardId: 'COFFEE', storeId, now, program } };
    } else if (roll < 0.94 && redemptions.length > 0) {
      command = { type: 'CancelRedemption', data: { redemptionId: pick(redemptions).redeemed.redemptionId, customerId: customer.id, now, program } };
    } else {
      const receipt = pick(receipts);
      command = {
        type: 'SubmitFeedback',
        data: { feedbackId: `F${id}`, customerId: customer.id, storeId, receiptId: receipt.receiptId, nps: Math.floor(random() * 11), csat: 1 + Math.floor(random() * 5), now, program },
      };
    }
    let decided: CustomerEvent[];
    try {
      decided = decideCustomer(command, state);
    } catch {
      continue; // a refused command records nothing, as over HTTP
    }
    if (decided.length === 0) continue;
    const toAppend = envelope(decided, id, { tenant: options.tenant }, customer.lastHash);
    for (const event of decided) customer.state = evolveCustomer(customer.state, event);
    customer.lastHash = toAppend[toAppend.length - 1].metadata.hash as string;
    const expectedRevision = customer.revision < 0 ? 'no_stream' : customer.revision;
    customer.revision += decided.length;
    pending.push(store.appendToStream(customerStream(options.tenant, customer.id), toAppend, { expectedRevision }));
    written += decided.length;
    // Appends of one customer keep their order: the store queues them in the order they were made.
    if (pending.length >= 500) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return written;
}

/** The program of the members whose lots fall due: the sample's, with points that expire a month on. */
export const DUE_LOTS_PROGRAM: Program = sampleProgram({
  stores: [{ storeId: 'JKT-01', timeZone: 'Asia/Jakarta' }],
  pointsExpiry: { afterMonths: 1, noticeDays: 0 },
});

/**
 * Members whose points are all due to expire: each enrolled and made one purchase `earnedAt`
 * (a month or more before now), decided by the real deciders, personal fields sealed and chained
 * as the API does, written straight into the store. The events written.
 */
export async function generateDueLots(store: EventStore, personalData: PersonalData, options: { tenant: string; members: number; earnedAt: string }): Promise<number> {
  const configured = decideProgram({ type: 'ConfigureProgram', data: { program: DUE_LOTS_PROGRAM, now: '2020-01-01T00:00:00.000Z' } }, initialProgramState());
  await store.appendToStream(programStream(options.tenant), envelope(configured, 'program:0', { tenant: options.tenant }), { expectedRevision: 'no_stream' });
  const program: ProgramVersion = { revision: 0, rules: DUE_LOTS_PROGRAM, since: '2020-01-01T00:00:00.000Z' };
  let written = 1;
  const pending: Array<Promise<unknown>> = [];
  for (let n = 0; n < options.members; n++) {
    const customerId = `m${n}`;
    const { earnedAt } = options;
    let state = initialCustomerState();
    const commands: Array<[string, CustomerCommand]> = [
      [`enrol-${customerId}`, { type: 'Enrol', data: { customerId, cardNumber: `6001 ${n}`, ownReferralCode: `DUE${n}`, now: earnedAt, program } }],
      [
        `D${n}`,
        {
          type: 'RecordPurchase',
          data: { receiptId: `D${n}`, storeId: 'JKT-01', customerId, occurredAt: earnedAt, currency: 'IDR', total: 100_000 + (n % 50) * 10_000, lines: [{ sku: 'S', quantity: 1, unitPrice: 100_000 + (n % 50) * 10_000 }], now: earnedAt, program },
        },
      ],
    ];
    // Two decisions, each its own command in the chain, appended at once.
    const toAppend: EventToAppend[] = [];
    for (const [commandId, command] of commands) {
      const decided = decideCustomer(command, state);
      state = decided.reduce(evolveCustomer, state);
      const sealed = await personalData.seal(options.tenant, customerId, decided);
      const previousHash = toAppend.length === 0 ? null : (toAppend[toAppend.length - 1].metadata.hash as string);
      toAppend.push(...envelope(sealed, commandId, { tenant: options.tenant }, previousHash));
    }
    pending.push(store.appendToStream(customerStream(options.tenant, customerId), toAppend, { expectedRevision: 'no_stream' }));
    written += toAppend.length;
    if (pending.length >= 1000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return written;
}
