import type { CustomerEvent, CustomerEventType, LedgerEvent } from '../customer.events';
import { LEDGER_EVENT_CONTRACTS } from '../customer.events';
import { instantOf } from '../instant';
import type { EventContract, EventContracts } from '../event-contract';
import type { JsonSchema } from '../json-schema';
import type { Program, ProgramCore, ProgramProblem, ProgramVersion } from '../program';
import { failProgram, PROGRAM_CORE_REQUIRED, PROGRAM_CORE_SCHEMA, validateProgramCore } from '../program';
import { birthday } from './birthday';
import { campaigns } from './campaigns';
import { earnRate } from './earn-rate';
import { feedbackBonus } from './feedback-bonus';
import { firstPurchaseBonus } from './first-purchase-bonus';
import { gifts } from './gifts';
import { offers } from './offers';
import { partnerRewards } from './partner-rewards';
import { pointsExpiry } from './points-expiry';
import { referral } from './referral';
import { rewards } from './rewards';
import { segments } from './segments';
import { stampCards } from './stamp-cards';
import type { Asked, CommandsOf, CustomerView, EventShape, EventsOf, Occasion, Occasions, ProgramCommandsOf, ProgramEventsOf, ReasonsOf, Rule, RuleTypes, SliceOf, TillFacts } from './rule';
import { tierReview } from './tier-review';
import { tiers } from './tiers';
import { vouchers } from './vouchers';

/**
 * The program's rules, in the order the customer decider asks them on every occasion: each sees
 * what the ones before it decided (the tier review comes last, after every point of a purchase).
 * Adding a rule is one module in this folder, its spec, and one line here.
 */
export const RULES = [earnRate, referral, feedbackBonus, rewards, firstPurchaseBonus, birthday, segments, campaigns, offers, pointsExpiry, vouchers, stampCards, gifts, partnerRewards, tierReview, tiers] as const;

type Registered = (typeof RULES)[number];
type Types = NonNullable<Registered['types']>;

/** The events of every rule (the ledger's own are in customer.events.ts). */
export type RuleEvent = Types extends infer T extends RuleTypes ? EventsOf<T> : never;
/** Every reason of points earned. */
export type RuleReason = Types extends infer T extends RuleTypes ? ReasonsOf<T> : never;
/** The commands rules decide on their own (cross-stream reactions). */
export type RuleCommand = Types extends infer T extends RuleTypes ? CommandsOf<T> : never;
/** The program-stream commands and events of the rules whose settings they keep (campaigns). */
export type RuleProgramCommand = Types extends infer T extends RuleTypes ? ProgramCommandsOf<T> : never;
export type RuleProgramEvent = Types extends infer T extends RuleTypes ? ProgramEventsOf<T> : never;
/** The slices of a customer's state, by rule name. */
export type RuleSlices = { [T in Types as T['name']]: SliceOf<T> };
/** Every rule's settings in the program, under the rule's name; a rule that may be left out is optional. */
export type RuleSettings = { [T in Types as T extends { optional: true } ? never : T['name']]: T['settings'] } & {
  [T in Types as T extends { optional: true } ? T['name'] : never]?: T['settings'];
};

/** A rule seen from here, where rules of every kind are handled alike. */
interface AnyRule {
  name: string;
  description: string;
  optional?: boolean;
  settings: { schema: JsonSchema; example: unknown; validate?(settings: unknown, program: ProgramCore, fail: ProgramProblem): void };
  slice?: { initial(): unknown; evolve: Record<string, ((slice: unknown, event: never) => unknown) | undefined> };
  events?: Record<string, EventContract<object>>;
  reasons?: readonly string[];
  on: { [O in Occasion]?: (asked: never) => CustomerEvent[] };
  alwaysAsked?: readonly Occasion[];
  time?: { next(asked: unknown): string | null; announces?(event: CustomerEvent, settings: unknown, program: ProgramVersion): string | null };
  commands?: Record<string, { decide(command: never, asked: never): CustomerEvent[]; rebuild(first: CustomerEvent, customerId: string, program: ProgramVersion): RuleCommand | undefined }>;
  till?(asked: never): Partial<TillFacts>;
  program?: {
    events: Record<string, EventContract<object>>;
    decide: Record<string, (command: never, settings: unknown, program: ProgramCore, fail: ProgramProblem) => RuleProgramEvent[]>;
    evolve: Record<string, (settings: unknown, event: never) => unknown>;
  };
}

const rules = RULES as readonly AnyRule[];

/** Every reason of points earned, in the registry's order. */
export const RULE_REASONS: readonly RuleReason[] = rules.flatMap((rule) => (rule.reasons ?? []) as RuleReason[]);

/**
 * Each rule's slice as a customer with no events has it: one for every customer, since slices
 * change by copying (evolve gives a new slice, evolveRuleSlices new slices), never in place. A
 * scheduler pass starts a state for each member due, and a score of empty slices each was a
 * visible share of what it left to the garbage collector.
 */
const INITIAL_SLICES = ((): RuleSlices => {
  const slices: Record<string, unknown> = {};
  for (const rule of rules) slices[rule.name] = rule.slice?.initial();
  return slices as RuleSlices;
})();

export function initialRuleSlices(): RuleSlices {
  return INITIAL_SLICES;
}

/** For each event type, the rules whose slice follows it. */
const sliceEvolvers = new Map<string, Array<{ name: string; evolve: (slice: unknown, event: CustomerEvent) => unknown }>>();
for (const rule of rules) {
  for (const [type, evolve] of Object.entries(rule.slice?.evolve ?? {})) {
    if (!evolve) continue;
    if (!sliceEvolvers.has(type)) sliceEvolvers.set(type, []);
    sliceEvolvers.get(type)!.push({ name: rule.name, evolve: evolve as (slice: unknown, event: CustomerEvent) => unknown });
  }
}

/** The slices after an event: the same object when no slice changed. */
export function evolveRuleSlices(slices: RuleSlices, event: CustomerEvent): RuleSlices {
  const evolvers = sliceEvolvers.get(event.type);
  if (!evolvers) return slices;
  let next: Record<string, unknown> | undefined;
  for (const { name, evolve } of evolvers) {
    const before = (slices as Record<string, unknown>)[name];
    const after = evolve(before, event);
    if (after === before) continue;
    next ??= { ...slices };
    next[name] = after;
  }
  return (next ?? slices) as RuleSlices;
}

const askedOn = Object.fromEntries(
  (['enrolment', 'purchase', 'return', 'redemption', 'cancellation', 'feedback', 'time'] as const).map((occasion) => [occasion, rules.filter((rule) => rule.on[occasion])]),
) as Record<Occasion, AnyRule[]>;

/** What a decision so far hands every rule: the customer before it, the events decided, the customer after them. */
export interface Deciding {
  customer: CustomerView & { rules: RuleSlices };
  program: ProgramVersion;
  decided: readonly CustomerEvent[];
  /** Adds an event to the decision, with what the ledger records of it (its lots). */
  record(event: CustomerEvent): void;
  after(): CustomerView & { rules: RuleSlices };
}

/**
 * Asks every rule with settings in the program, in the registry's order, what it decides on the
 * occasion, and adds what each decides to `deciding.decided`. Returns whether any decided something.
 */
export function askRules<O extends Occasion>(occasion: O, deciding: Deciding, fact: Occasions[O], customer = deciding.customer): boolean {
  const { program, decided } = deciding;
  // One object for every rule asked, its settings and slice set for each: no copy per rule.
  const asked = Object.assign({ settings: undefined as unknown, slice: undefined as unknown, customer, program, decided, after: deciding.after }, fact);
  const settingsOf = program.rules as unknown as Record<string, unknown>;
  const slices = customer.rules as Record<string, unknown>;
  const count = decided.length;
  for (const rule of askedOn[occasion]) {
    const settings = settingsOf[rule.name];
    if (settings === undefined && !rule.alwaysAsked?.includes(occasion)) continue;
    asked.settings = settings;
    asked.slice = slices[rule.name];
    const events = rule.on[occasion]!(asked as never);
    for (const event of events) deciding.record(event);
  }
  return decided.length > count;
}

/**
 * The till's summary of a member, from every rule with settings in the program (none without a
 * program): each fact the lists of the rules in the registry's order.
 */
export function tillFacts(customer: CustomerView & { rules: RuleSlices }, program: Program | undefined, now: string): TillFacts {
  const facts: TillFacts = { redeemable: [], expiring: [], vouchers: [], offers: [] };
  const settingsOf = (program ?? {}) as Record<string, unknown>;
  const slices = customer.rules as Record<string, unknown>;
  for (const rule of rules) {
    const settings = settingsOf[rule.name];
    // A rule that keeps its slice without settings of its own (the wallet) is asked all the same.
    if (!rule.till || (settings === undefined && !rule.alwaysAsked)) continue;
    const added = rule.till({ settings, slice: slices[rule.name], customer, now, program } as never);
    for (const [fact, entries] of Object.entries(added)) (facts[fact as keyof TillFacts] as unknown[]).push(...entries);
  }
  return facts;
}

const commandOwners = new Map<string, AnyRule>();
for (const rule of rules) for (const type of Object.keys(rule.commands ?? {})) commandOwners.set(type, rule);

/** Decides a command of a rule's own, on the rule's slice, under the program it names. */
export function decideRuleCommand(command: RuleCommand, deciding: Deciding): void {
  const rule = commandOwners.get(command.type)!;
  const { customer } = deciding;
  const events = rule.commands![command.type].decide(command as never, { customer, slice: (customer.rules as Record<string, unknown>)[rule.name] } as never);
  for (const event of events) deciding.record(event);
}

/** The rule command that recorded a decision starting with `first`, if a rule's command did. */
export function rebuildRuleCommand(first: CustomerEvent, customerId: string, program: ProgramVersion): RuleCommand | undefined {
  for (const rule of rules) {
    for (const command of Object.values(rule.commands ?? {})) {
      const rebuilt = command.rebuild(first, customerId, program);
      if (rebuilt) return rebuilt;
    }
  }
  return undefined;
}

const timed = rules.filter((rule) => rule.time);

const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : instantOf(b) < instantOf(a) ? b : a);

/** The first instant at which a rule of the program has something to decide for the customer as time passes; null: none. */
export function nextDue(customer: CustomerView & { rules: RuleSlices }, program: ProgramVersion): string | null {
  const settingsOf = program.rules as unknown as Record<string, unknown>;
  const slices = customer.rules as Record<string, unknown>;
  let next: string | null = null;
  for (const rule of timed) {
    const settings = settingsOf[rule.name];
    if (settings !== undefined) next = earliest(next, rule.time!.next({ customer, slice: slices[rule.name], settings, program }));
  }
  return next;
}

/** The first instant an event brings for the rules of the program, from the event alone (the scheduler's index). */
export function announcedDue(event: CustomerEvent, program: ProgramVersion): string | null {
  const settingsOf = program.rules as unknown as Record<string, unknown>;
  let announced: string | null = null;
  for (const rule of timed) {
    const settings = settingsOf[rule.name];
    if (settings !== undefined && rule.time!.announces) announced = earliest(announced, rule.time!.announces(event, settings, program));
  }
  return announced;
}

export function isRuleCommand(command: { type: string }): command is RuleCommand {
  return commandOwners.has(command.type);
}

/**
 * The published contract of every customer event: the ledger's and every rule's. The reasons of
 * points earned are the registry's.
 */
export const CUSTOMER_EVENT_CONTRACTS: EventContracts<CustomerEvent> = Object.assign(
  {},
  LEDGER_EVENT_CONTRACTS,
  {
    PointsEarned: {
      ...LEDGER_EVENT_CONTRACTS.PointsEarned,
      fields: { ...LEDGER_EVENT_CONTRACTS.PointsEarned.fields, reason: { ...(LEDGER_EVENT_CONTRACTS.PointsEarned.fields.reason as JsonSchema), enum: RULE_REASONS } },
    },
    PointsReversed: {
      ...LEDGER_EVENT_CONTRACTS.PointsReversed,
      fields: { ...LEDGER_EVENT_CONTRACTS.PointsReversed.fields, reason: { ...(LEDGER_EVENT_CONTRACTS.PointsReversed.fields.reason as JsonSchema), enum: RULE_REASONS } },
    },
  },
  ...rules.map((rule) => rule.events ?? {}),
) as EventContracts<CustomerEvent>;

export const CUSTOMER_EVENT_TYPES = Object.keys(CUSTOMER_EVENT_CONTRACTS) as CustomerEventType[];

/** Whether an event is one of the ledger's own (not a rule's). */
export const isLedgerEvent = (event: CustomerEvent): event is LedgerEvent => event.type in LEDGER_EVENT_CONTRACTS;

/** The rules whose settings are set with the program (PUT …/program); the others' are kept by program events of their own. */
const setRules = rules.filter((rule) => !rule.program);
const keptRules = rules.filter((rule) => rule.program);

/** The names of the rules whose settings their own program events keep (campaigns). */
export const KEPT_RULE_NAMES: readonly string[] = keptRules.map((rule) => rule.name);

/** The settings a program's own events keep, from a program: what setting the program again leaves as it is. */
export function keptSettings(program: object | null): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  if (!program) return kept;
  for (const name of KEPT_RULE_NAMES) {
    const settings = (program as Record<string, unknown>)[name];
    if (settings !== undefined) kept[name] = settings;
  }
  return kept;
}

/** The program as set with PUT …/program: without the settings the rules' own program events keep. */
export function withoutKeptSettings<P extends object>(program: P): P {
  if (!KEPT_RULE_NAMES.some((name) => name in program)) return program;
  const set = { ...program } as Record<string, unknown>;
  for (const name of KEPT_RULE_NAMES) delete set[name];
  return set as P;
}

const programCommandOwners = new Map<string, AnyRule>();
const programEventOwners = new Map<string, AnyRule>();
for (const rule of keptRules) {
  for (const type of Object.keys(rule.program!.decide)) programCommandOwners.set(type, rule);
  for (const type of Object.keys(rule.program!.evolve)) programEventOwners.set(type, rule);
}

/** What a rule's program command decides, on its settings in the program as it stands. */
export function decideRuleProgramCommand(command: RuleProgramCommand, program: Program, fail: ProgramProblem = failProgram): RuleProgramEvent[] {
  const rule = programCommandOwners.get(command.type)!;
  return rule.program!.decide[command.type](command as never, (program as unknown as Record<string, unknown>)[rule.name], program, fail);
}

/** The program after a rule's program event: the rule's settings evolved, the rest as it was. */
export function evolveRuleProgram(program: Program, event: RuleProgramEvent): Program {
  const rule = programEventOwners.get(event.type)!;
  const settings = rule.program!.evolve[event.type]((program as unknown as Record<string, unknown>)[rule.name], event as never);
  return { ...program, [rule.name]: settings };
}

/** The published contracts of the rules' program events. */
export const RULE_PROGRAM_EVENT_CONTRACTS = Object.assign({}, ...keptRules.map((rule) => rule.program!.events)) as EventContracts<RuleProgramEvent>;

/** The JSON Schema of a program as it is set: what every rule shares and each rule's settings but those kept by their own events. */
export const PROGRAM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'A tenant\'s loyalty program: the stores, and each rule\'s settings under the rule\'s name.',
  properties: {
    ...PROGRAM_CORE_SCHEMA,
    ...Object.fromEntries(setRules.map((rule) => [rule.name, { ...rule.settings.schema, description: rule.description, examples: [rule.settings.example] }])),
  },
  required: [...PROGRAM_CORE_REQUIRED, ...setRules.filter((rule) => !rule.optional).map((rule) => rule.name)],
  additionalProperties: false,
};

/**
 * Every rule's example settings, under the rule's name: a program's part that turns every rule on
 * (those set with the program; campaigns are each created on their own).
 */
export function exampleRuleSettings(): RuleSettings {
  return Object.fromEntries(setRules.map((rule) => [rule.name, structuredClone(rule.settings.example)])) as RuleSettings;
}

/** The program's rules are checked as a whole; the first problem found names its field. */
export function validateProgram(program: Program, fail: ProgramProblem = failProgram): void {
  validateProgramCore(program, fail);
  const settingsOf = program as unknown as Record<string, unknown>;
  for (const rule of setRules) {
    const settings = settingsOf[rule.name];
    if (settings === undefined) {
      if (!rule.optional) fail(rule.name, `the ${rule.name} settings are required`);
      continue;
    }
    rule.settings.validate?.(settings, program, fail);
  }
}
