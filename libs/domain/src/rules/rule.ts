import type {
  CustomerEnrolled,
  FeedbackSubmitted,
  LedgerEvent,
  PointsEarned,
  PointsExpired,
  PointsReversed,
  PurchaseRecorded,
  RedemptionCancelled,
  ReturnRecorded,
  RewardRedeemed,
  TierChanged,
} from '../customer.events';
import type { CustomerCore, Membership, ReceiptState, RedemptionState } from '../customer.state';
import type { EventContracts } from '../event-contract';
import type { JsonSchema } from '../json-schema';
import type { Program, ProgramCore, ProgramVersion } from '../program';
import type { PaidOfKept } from '../returned-goods';
import type { OfferNow } from './offers';
import type { VoucherBenefit } from './vouchers';
import type { VoucherIssued, VoucherVoided, WalletEvent } from './vouchers';

/**
 * The contract of a loyalty rule. A rule is one module in this folder: its settings (their type,
 * JSON Schema and checks), the part of the customer's state it keeps (its slice), the events it
 * may record with their published contracts, and what it decides on each occasion. The customer
 * decider records the fact of a command (a purchase, a return...) and then asks the rules, in the
 * registry's order, what they decide on it; each sees what the rules before it decided.
 *
 * What a rule may read. A rule decides from the occasion's fact, the customer as the ledger says
 * (`CustomerView`: balance, tier, receipts, redemptions...), its own slice and its settings in the
 * program revision in force. It never reads a personal field: card numbers, birthdays and
 * comments are sealed in the store and erased on request, so the auditor's re-decision (which has
 * no key) could not see them, and a rule that used them would not verify. What a rule needs of
 * personal data is recorded apart, in the clear, when it is given: the birth month at enrolment
 * (`member.birthMonth`), which the ledger forgets on erasure (it reads null from then on), so a
 * rule decides nothing from it for an erased member. Rules have no clock and no random source:
 * the time is the fact's, and anything looked up elsewhere comes in with the command.
 */

/** A command or event: a typed plain object. */
export interface EventShape {
  type: string;
  data: object;
}

/** A rule's event says when what it records happened, as every event of the ledger does. */
export interface RuleEventShape {
  type: string;
  data: { occurredAt: string };
}

/**
 * What a rule names about itself: the program key of its settings and their type, whether a
 * program may leave it out (then the rule is off), its slice, its events, the reasons of the
 * points it credits, and commands of its own (cross-stream reactions of its process manager).
 */
export interface RuleTypes {
  name: string;
  settings: unknown;
  optional?: boolean;
  slice?: unknown;
  events?: RuleEventShape;
  reasons?: string;
  commands?: EventShape;
  /** Commands and events of the program's stream that keep the rule's settings, one item at a time (campaigns). */
  programCommands?: EventShape;
  programEvents?: EventShape;
}

export type SliceOf<T extends RuleTypes> = T extends { slice: infer Slice } ? Slice : undefined;
export type EventsOf<T extends RuleTypes> = T extends { events: infer Event extends RuleEventShape } ? Event : never;
export type ReasonsOf<T extends RuleTypes> = T extends { reasons: infer Reason extends string } ? Reason : never;
export type CommandsOf<T extends RuleTypes> = T extends { commands: infer Command extends EventShape } ? Command : never;
export type ProgramCommandsOf<T extends RuleTypes> = T extends { programCommands: infer Command extends EventShape } ? Command : never;
export type ProgramEventsOf<T extends RuleTypes> = T extends { programEvents: infer Event extends EventShape } ? Event : never;

/** The customer as a rule may read it: the ledger's state without its personal fields. */
export type CustomerView = Omit<CustomerCore, 'member' | 'feedback'> & {
  member: Omit<Membership, 'cardNumber' | 'birthday'> | null;
};

/**
 * Events a rule may record: its own, points with its reasons, the ledger's moves of points, tiers
 * and rewards, and vouchers it issues to the member's wallet or withdraws (rules/vouchers.ts).
 */
export type Decided<T extends RuleTypes> = EventsOf<T> | PointsEarned<ReasonsOf<T>> | PointsReversed | PointsExpired | TierChanged | RewardRedeemed | VoucherIssued | VoucherVoided;

/** What every occasion hands a rule. */
export interface Asked<T extends RuleTypes> {
  settings: T['settings'];
  slice: SliceOf<T>;
  /** The customer before the command. */
  customer: CustomerView;
  program: ProgramVersion;
  /** The events decided so far: the fact, then what the rules before this one decided. */
  decided: readonly (LedgerEvent | EventShape)[];
  /** The customer after the events decided so far. */
  after(): CustomerView;
}

/** The facts a rule is asked about, by occasion. */
export interface Occasions {
  enrolment: { enrolment: CustomerEnrolled['data'] };
  /**
   * `budgets`: for each campaign with a budget, the points of it the write side holds for this
   * purchase (a budget is shared by every till, so it is not in the customer's ledger); none: nothing.
   */
  purchase: { purchase: PurchaseRecorded['data']; budgets: Readonly<Record<string, number>> };
  /**
   * `receipt`: the receipt as it was before the return. `paid`: when a return of the receipt (this
   * one or one before) was by amount only, what is still paid of what the goods kept cost after
   * this one (return-refund.ts); the rules that count goods keep that share of what they gave.
   */
  return: { goodsBack: ReturnRecorded['data']; receipt: ReceiptState; paid: PaidOfKept | undefined };
  /** A redemption asked for: the first rule that knows the reward decides it. */
  redemption: { redemption: { redemptionId: string; rewardId: string; storeId: string; now: string } };
  cancellation: { cancellation: RedemptionCancelled['data']; redemption: RedemptionState };
  feedback: { feedback: FeedbackSubmitted['data']; receipt: ReceiptState | undefined };
  /** Time passed to `at`, an instant the rule's `time.next` gave: the customer handed is as of then. */
  time: { at: string };
}

export type Occasion = keyof Occasions;

/**
 * What a till is shown of a member before a sale (the till's summary), each fact a list that every
 * rule may add to: the rewards the member's points pay for now, and the points that expire next
 * (when the program's points expire), the vouchers they can use, the offers they may use now.
 */
export interface TillFacts {
  redeemable: Array<{ rewardId: string; points: number }>;
  expiring: Array<{ points: number; expiresAt: string }>;
  /** Vouchers in the member's wallet that the till can take now (the member shows the code). */
  vouchers: Array<{ voucherId: string; benefit: VoucherBenefit; validUntil: string }>;
  /** Member-only offers the member may use now, with the uses they have left of each (null: no limit). */
  offers: OfferNow[];
}

/** What a rule is asked for the till's summary: the customer as the ledger says now. */
export interface AskedAtTill<T extends RuleTypes> {
  settings: T['settings'];
  slice: SliceOf<T>;
  customer: CustomerView;
  now: string;
  program: Program;
}

export interface Settings<T extends RuleTypes> {
  /** The settings' JSON Schema: the API validates requests with it and publishes it. */
  schema: JsonSchema;
  /** Settings a program might have: the example of the API's documents, and what a test enables the rule with. */
  example: T['settings'];
  /** Checks beyond the schema's (order, uniqueness, meaning); `fail` names the field at fault from the program's root. */
  validate?(settings: T['settings'], program: ProgramCore, fail: (field: string, problem: string) => never): void;
}

/** How the slice follows the events of the customer's stream: the ledger's, its own, and the wallet's. */
export type SliceEvolvers<T extends RuleTypes> = {
  [Type in (LedgerEvent | EventsOf<T> | WalletEvent)['type']]?: (slice: SliceOf<T>, event: Extract<LedgerEvent | EventsOf<T> | WalletEvent, { type: Type }>) => SliceOf<T>;
};

/** A command of the rule's own, decided on its slice, and rebuilt for a replay from the first event it recorded. */
export interface OwnCommand<T extends RuleTypes, Command extends EventShape> {
  decide(command: Command, asked: { customer: CustomerView; slice: SliceOf<T> }): Decided<T>[];
  /** The command that recorded `first`, when it was this one, under the program revision the decision named. */
  rebuild(first: LedgerEvent | EventsOf<T>, customerId: string, program: ProgramVersion): Command | undefined;
}

/**
 * A rule that decides when time passes says when: the scheduler asks it for the customer at the
 * first instant `next` gives (and again after that decision, so `next` must move past it), and
 * indexes customers by what `announces` gives for each new event, without their state: at or
 * before the first instant `next` gives once that event is in, when the event brings one.
 */
export interface TimeMembers<T extends RuleTypes> {
  next(asked: { customer: CustomerView; slice: SliceOf<T>; settings: T['settings']; program: ProgramVersion }): string | null;
  announces?(event: LedgerEvent | EventsOf<T>, settings: T['settings'], program: ProgramVersion): string | null;
}

/**
 * A rule whose settings are kept by program events of its own, one item at a time (each campaign
 * created and ended by its own request), rather than set with the rest of the program: the
 * program's schema (PUT …/program) leaves them out, and setting the program keeps them.
 */
export interface ProgramMembers<T extends RuleTypes> {
  events: EventContracts<ProgramEventsOf<T>>;
  /** What a command decides on the settings as they stand (undefined: none yet) and the rest of the program; `fail` names the field at fault in the request. */
  decide: {
    [Type in ProgramCommandsOf<T>['type']]: (
      command: Extract<ProgramCommandsOf<T>, { type: Type }>,
      settings: T['settings'] | undefined,
      program: ProgramCore,
      fail: (field: string, problem: string) => never,
    ) => ProgramEventsOf<T>[];
  };
  /** The settings after one of its events. */
  evolve: { [Type in ProgramEventsOf<T>['type']]: (settings: T['settings'] | undefined, event: Extract<ProgramEventsOf<T>, { type: Type }>) => T['settings'] };
}

type Optionality<T extends RuleTypes> = T extends { optional: true } ? { optional: true } : { optional?: false };
/**
 * `initial` makes a new customer's slice: a function, since versions of one persistent map share
 * their storage, and customers must not share theirs.
 */
type SliceMembers<T extends RuleTypes> = T extends { slice: unknown } ? { slice: { initial(): SliceOf<T>; evolve: SliceEvolvers<T> } } : { slice?: undefined };
type EventMembers<T extends RuleTypes> = [EventsOf<T>] extends [never] ? { events?: undefined } : { events: EventContracts<EventsOf<T>> };
type ReasonMembers<T extends RuleTypes> = [ReasonsOf<T>] extends [never] ? { reasons?: undefined } : { reasons: readonly ReasonsOf<T>[] };
type ProgramMembersOf<T extends RuleTypes> = [ProgramEventsOf<T>] extends [never] ? { program?: undefined } : { program: ProgramMembers<T> };
type CommandMembers<T extends RuleTypes> = [CommandsOf<T>] extends [never]
  ? { commands?: undefined }
  : { commands: { [Type in CommandsOf<T>['type']]: OwnCommand<T, Extract<CommandsOf<T>, { type: Type }>> } };

export type Rule<T extends RuleTypes> = {
  name: T['name'];
  /** Never set: carries the rule's types to the registry, which derives the ledger's types from them. */
  types?: T;
  /** One line for the program's documentation. */
  description: string;
  settings: Settings<T>;
  on: { [O in Occasion]?: (asked: Asked<T> & Occasions[O]) => Decided<T>[] };
  /**
   * Occasions the rule is asked on even when the program leaves it out (its settings then
   * undefined): to undo what it decided under an earlier revision that had it.
   */
  alwaysAsked?: readonly Occasion[];
  time?: TimeMembers<T>;
  /** What the rule adds to the till's summary of a member. */
  till?(asked: AskedAtTill<T>): Partial<TillFacts>;
} & Optionality<T> &
  SliceMembers<T> &
  EventMembers<T> &
  ReasonMembers<T> &
  CommandMembers<T> &
  ProgramMembersOf<T>;
