import { ClaimRegistry, CustomerSnapshots, envelope, referralCodeCandidate } from '@setia/application';
import type { Claim, CustomerAt } from '@setia/application';
import { customerStream, decideAndEvolveCustomer, initialCustomerState, SNAPSHOT_AFTER_EVENTS, storedHash } from '@setia/domain';
import type { CustomerCommand, CustomerState, Program, ProgramVersion } from '@setia/domain';
import type { EventStore, EventToAppend, StreamAppend, StreamSnapshot } from '@setia/event-store';
import { PersonalData } from '@setia/personal-data';
import type { PersonalDataVault } from '@setia/personal-data';
import { sampleProgram } from '../../libs/domain/src/testing/fixtures';
import { seededRandom } from '../ledger-generator';

export const SCALE_TENANT = 'scale';
const DAY = 86_400_000;

/**
 * The scale world's chain: stores in three time zones, three tiers, two rewards, referrals and a
 * feedback bonus (the sample program's rules, as a chain's would be set).
 */
export const SCALE_PROGRAM: Program = sampleProgram({
  stores: [
    { storeId: 'JKT-01', timeZone: 'Asia/Jakarta' },
    { storeId: 'JKT-02', timeZone: 'Asia/Jakarta' },
    { storeId: 'MKS-01', timeZone: 'Asia/Makassar' },
    { storeId: 'JAP-01', timeZone: 'Asia/Jayapura' },
  ],
  rewards: [
    { rewardId: 'COFFEE', points: 100 },
    { rewardId: 'TOTE', points: 500 },
  ],
  referral: { referrerBonus: 200, refereeBonus: 100, minQualifyingPurchase: 500_000 },
  feedback: { bonus: 20 },
});

/** Member n's id and card, as the bench's requests name them. */
export const memberId = (n: number) => `m${n}`;
export const cardOf = (n: number) => `6001 ${n}`;

/** What a worker needs to decide the histories of members `from`..`from + count - 1`. */
export interface HistoryTask {
  tenant: string;
  seed: number;
  from: number;
  count: number;
  /** The program every decision is made on (the program stream's only revision). */
  program: ProgramVersion;
  /** When the histories start and end (ms since epoch): enrolments in the first month, then purchases over the rest. */
  start: number;
  end: number;
  /** Each member's data key, made in the vault (index i: member from + i). */
  keys: Uint8Array[];
  /** Each member's own referral code, unique in the tenant (index i: member from + i). */
  codes: string[];
}

/** An append as sent from a worker: the events' stored texts only (the store writes those), not their objects again. */
export interface WireAppend {
  streamName: string;
  expectedRevision: number | 'no_stream';
  events: Array<{ id: string; type: string; storedText: { data: string; metadata: string } }>;
}

/** One command's appends (claims first, then the customer's events), as the API makes them in one append. */
export type WireCommand = WireAppend[];

/** What was decided for a block of members: their commands in the order they were made (by time), and counts. */
export interface HistoryResult {
  commands: WireCommand[];
  /** Each member's snapshot as the API would have kept it by the end (see decideHistories), by stream. */
  snapshots: Array<[string, StreamSnapshot]>;
  events: number;
  refused: number;
}

/** The stream appends of a wire command, as the store's appendToStreams takes them. */
export function streamAppends(command: WireCommand): StreamAppend[] {
  // The store writes an event's stored texts (storedText) when given: data and metadata are not read again.
  return command.map((append) => ({
    streamName: append.streamName,
    expectedRevision: append.expectedRevision,
    events: append.events.map((event) => ({ ...event, data: undefined, metadata: undefined }) as unknown as EventToAppend),
  }));
}

interface Planned {
  at: number;
  member: number;
  make(state: CustomerState, now: string): { command: CustomerCommand; commandId: string; claim?: Claim } | undefined;
}

/**
 * The histories of a block of members, decided by the real decider, sealed and chained as the API
 * does (a purchase, return, redemption or feedback claims its id in the same append; an enrolment
 * claims the member's referral code). Seeded per member, so a member's history is the same
 * whichever block or worker decides it (sealed values differ: each has a random IV).
 */
export async function decideHistories(task: HistoryTask): Promise<HistoryResult> {
  const claims = new ClaimRegistry({ atomicAcrossStreams: true } as EventStore);
  const keys = new Map(task.keys.map((key, i) => [memberId(task.from + i), Buffer.from(key)]));
  const personalData = new PersonalData({ keyFor: async (_tenant: string, customerId: string) => keys.get(customerId) ?? null } as unknown as PersonalDataVault);
  const { program, tenant } = task;
  const stores = program.rules.stores.map((store) => store.storeId);
  const plan: Planned[] = [];
  for (let i = 0; i < task.count; i++) plan.push(...planMember(task, i, stores));
  plan.sort((a, b) => a.at - b.at || a.member - b.member);

  const states = new Map<number, CustomerAt>();
  // Snapshots as the API keeps them when every command is a visit that reads the member from their
  // snapshot (a member seen once in a while, not held in memory): a read that folded
  // SNAPSHOT_AFTER_EVENTS events or more keeps the state it read.
  const kept = new Map<number, CustomerAt>();
  const commands: WireCommand[] = [];
  let events = 0;
  let refused = 0;
  for (const step of plan) {
    const customerId = memberId(step.member);
    const known = states.get(step.member) ?? { state: initialCustomerState(), revision: -1, lastHash: null };
    if (known.revision - (kept.get(step.member)?.revision ?? -1) >= SNAPSHOT_AFTER_EVENTS) kept.set(step.member, known);
    const now = new Date(step.at + 60_000).toISOString();
    const made = step.make(known.state, now);
    if (!made) continue;
    let decided;
    try {
      decided = decideAndEvolveCustomer(made.command, known.state);
    } catch {
      refused += 1; // a refused command records nothing, as over HTTP
      continue;
    }
    if (decided.events.length === 0) continue;
    const sealed = await personalData.seal(tenant, customerId, decided.events);
    const toAppend = envelope(sealed, made.commandId, { tenant }, known.lastHash);
    const customerAppend: StreamAppend = { streamName: customerStream(tenant, customerId), events: toAppend, expectedRevision: known.revision < 0 ? 'no_stream' : known.revision };
    const appends: StreamAppend[] = [customerAppend];
    if (made.claim) appends.unshift(claims.claimAppend(tenant, made.claim));
    commands.push(appends.map(toWire));
    for (const append of appends) events += append.events.length;
    states.set(step.member, { state: decided.state, revision: known.revision + toAppend.length, lastHash: storedHash(toAppend[toAppend.length - 1]) });
  }
  const snapshots: Array<[string, StreamSnapshot]> = [];
  const snapshotStore = { keepSnapshot: (stream: string, snapshot: StreamSnapshot) => snapshots.push([stream, snapshot]) } as unknown as EventStore;
  const keeper = new CustomerSnapshots(snapshotStore, personalData);
  for (const [member, at] of kept) await keeper.keep(tenant, memberId(member), at);
  return { commands, snapshots, events, refused };
}

function toWire(append: StreamAppend): WireAppend {
  return {
    streamName: append.streamName,
    expectedRevision: append.expectedRevision as number | 'no_stream',
    events: append.events.map((event) => ({ id: event.id, type: event.type, storedText: event.storedText! })),
  };
}

/**
 * One member's commands over the period: an enrolment (a fifth of them referred by a member of
 * the same block enrolled before), 3 to 8 purchases at stores in three time zones (mostly the
 * home store), a partial return of one purchase in twelve, feedback on one in six, and a
 * redemption when the points allow (one in twenty of them cancelled).
 */
function planMember(task: HistoryTask, i: number, stores: string[]): Planned[] {
  const n = task.from + i;
  const random = seededRandom((task.seed * 1_000_003 + n) >>> 0);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const customerId = memberId(n);
  const { program } = task;
  const enrolledAt = task.start + Math.floor(random() * 30 * DAY);
  const home = pick(stores);
  const referrer = i > 0 && random() < 0.2 ? Math.floor(random() * i) : undefined;
  const birthday = random() < 0.5 ? `19${60 + Math.floor(random() * 40)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15` : undefined;
  const steps: Planned[] = [
    {
      at: enrolledAt,
      member: n,
      make: (_state, now) => ({
        commandId: `enrol:${customerId}`,
        claim: { kind: 'referral-code', id: task.codes[i], field: 'referralCode', customerId, request: {} },
        command: {
          type: 'Enrol',
          data: {
            customerId,
            cardNumber: cardOf(n),
            birthday,
            birthMonth: birthday === undefined ? undefined : Number(birthday.slice(5, 7)),
            homeStoreId: home,
            ownReferralCode: task.codes[i],
            referral: referrer === undefined ? undefined : { code: task.codes[referrer], referrerId: memberId(task.from + referrer) },
            now,
            program,
          },
        },
      }),
    },
  ];
  const purchases = 3 + Math.floor(random() * 6);
  for (let p = 0; p < purchases; p++) {
    const at = enrolledAt + DAY + Math.floor(random() * (task.end - enrolledAt - 20 * DAY));
    const storeId = random() < 0.7 ? home : pick(stores);
    const receiptId = `R-${customerId}-${p}`;
    const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, l) => ({
      sku: `SKU-${Math.floor(random() * 500)}`,
      category: pick(['drinks', 'food', 'home', 'care']),
      quantity: 1 + Math.floor(random() * 3),
      unitPrice: (1 + Math.floor(random() * 40)) * 5_000,
    })).map((line, l) => ({ ...line, sku: `${line.sku}-${l}` }));
    const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    const occurredAt = new Date(at).toISOString();
    const request = { receiptId, storeId, customerId, occurredAt, currency: program.rules.currency, total, lines };
    steps.push({
      at,
      member: n,
      make: (_state, now) => ({
        commandId: `purchase:${receiptId}`,
        claim: { kind: 'receipt', id: receiptId, field: 'receiptId', customerId, request },
        command: { type: 'RecordPurchase', data: { ...request, budgets: {}, now, program } },
      }),
    });
    if (random() < 1 / 12) {
      const returnId = `T-${customerId}-${p}`;
      const returnedAt = new Date(at + Math.floor(random() * 10 * DAY)).toISOString();
      const amount = Math.max(5_000, Math.floor((total * random()) / 2));
      const returnRequest = { returnId, receiptId, storeId, customerId, occurredAt: returnedAt, amount };
      steps.push({
        at: Date.parse(returnedAt),
        member: n,
        // Not when it would take back points already spent (the ledger would go below zero, which verify reports).
        make: (state, now) =>
          state.points < Math.ceil((amount / program.rules.earn.spendPerPoint) * 2)
            ? undefined
            : {
          commandId: `return:${returnId}`,
          claim: { kind: 'return', id: returnId, field: 'returnId', customerId, request: returnRequest },
          command: { type: 'RecordReturn', data: { ...returnRequest, now, program } },
              },
      });
    }
    if (random() < 1 / 6) {
      const feedbackId = `F-${customerId}-${p}`;
      const feedback = { feedbackId, customerId, storeId, receiptId, nps: Math.floor(random() * 11), csat: 1 + Math.floor(random() * 5) };
      steps.push({
        at: at + 3_600_000,
        member: n,
        make: (_state, now) => ({
          commandId: `feedback:${feedbackId}`,
          claim: { kind: 'feedback', id: feedbackId, field: 'feedbackId', customerId, request: { storeId: feedback.storeId, receiptId, nps: feedback.nps, csat: feedback.csat } },
          command: { type: 'SubmitFeedback', data: { ...feedback, now, program } },
        }),
      });
    }
    // A redemption now and then, when the points are there by then; one in twenty cancelled a day later.
    const redeemAt = at + 2 * DAY + Math.floor(random() * 5 * DAY);
    const redeems = random() < 0.3;
    const cancels = random() < 0.05;
    if (redeems) {
      const redemptionId = `X-${customerId}-${p}`;
      const redemption = { redemptionId, customerId, rewardId: 'COFFEE', storeId };
      steps.push({
        at: redeemAt,
        member: n,
        make: (state, now) =>
          state.points < 100
            ? undefined
            : {
                commandId: `redemption:${redemptionId}`,
                claim: { kind: 'redemption', id: redemptionId, field: 'redemptionId', customerId, request: redemption },
                command: { type: 'RedeemReward', data: { ...redemption, now, program } },
              },
      });
      if (cancels) {
        steps.push({
          at: redeemAt + DAY,
          member: n,
          make: (state, now) =>
            state.redemptions.has(redemptionId)
              ? { commandId: `cancel:${redemptionId}`, command: { type: 'CancelRedemption', data: { redemptionId, customerId, now, program } } }
              : undefined,
        });
      }
    }
  }
  return steps;
}

/** Each member's own referral code as the API gives it: the first candidate not taken by another member. */
export function referralCodes(tenant: string, from: number, count: number, taken: Set<string>): string[] {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    for (let attempt = 0; ; attempt++) {
      const code = referralCodeCandidate(tenant, memberId(from + i), attempt);
      if (taken.has(code)) continue;
      taken.add(code);
      codes.push(code);
      break;
    }
  }
  return codes;
}
