import { CUSTOMER_EVENT_TYPES, evolveCustomer, initialCustomerState, occurredAt, pointsMoved, stageOf } from '@setia/domain';
import type { CustomerEvent, CustomerState, Stage } from '@setia/domain';
import type { AuditEvent } from './audit-event';
import type { Difference } from './difference';
import type { ProgramHistory } from './program-history';
import { redecide } from './redecide';
import type { RecordedDecision } from './redecide';

/** One event of a replayed ledger, with the customer right after it. */
export interface ReplayLine {
  revision: number;
  position: string;
  type: string;
  occurredAt: string;
  /** Points the event added (+) or took (−); 0 for events that move no points. */
  points: number;
  balance: number;
  tier: string | null;
  stage: Stage;
  /** The program revision of the decision that recorded the event; null when it used none. */
  programRevision: number | null;
  /** Whether deciding the command again under that revision gave the recorded events. */
  reproduced: boolean | null;
}

/** The customer as the whole ledger says, and what the checks found. */
export interface CustomerAudit {
  stream: string;
  customerId: string;
  events: number;
  lastPosition: string | null;
  points: number;
  tier: string | null;
  stage: Stage;
  purchaseCount: number;
  lifetimeEarned: number;
  decisions: number;
  /** Decisions decided again with their program revision and found equal to what was recorded. */
  reproduced: number;
  differences: Difference[];
}

const KNOWN_TYPES = new Set<string>(CUSTOMER_EVENT_TYPES);

/**
 * Replays one customer's ledger as its events arrive (stream order), with the program rules in
 * force at each decision: the running balance and tier, points never below zero, and every
 * decision decided again under the program revision it recorded and compared with what it
 * recorded. Keeps the replay lines only when asked, so a tenant of millions of events fits.
 */
export class CustomerLedgerCheck {
  private state: CustomerState = initialCustomerState();
  private decision: RecordedDecision | null = null;
  private before: CustomerState = this.state;
  private events = 0;
  private lastPosition: string | null = null;
  private decisions = 0;
  private reproduced = 0;
  private readonly differences: Difference[] = [];
  /** Replay lines waiting for their decision's outcome. */
  private pendingLines: ReplayLine[] = [];
  readonly lines: ReplayLine[] | undefined;

  constructor(
    readonly stream: string,
    readonly customerId: string,
    private readonly programs: ProgramHistory,
    options: { keepLines?: boolean } = {},
  ) {
    this.lines = options.keepLines ? [] : undefined;
  }

  add(event: AuditEvent, line?: number): void {
    this.events += 1;
    this.lastPosition = event.position;
    const at = { stream: event.stream, revision: event.revision, position: event.position, ...(line !== undefined && { line }) };
    if (!KNOWN_TYPES.has(event.type) || event.data === null || typeof event.data !== 'object') {
      this.differences.push({ kind: 'unreadable-event', ...at, message: `a ${event.type} event is not a customer event this verifier knows` });
      return;
    }
    const commandId = typeof event.metadata?.commandId === 'string' ? event.metadata.commandId : undefined;
    if (this.decision && this.decision.commandId !== commandId) this.closeDecision();
    if (!this.decision && commandId !== undefined) {
      this.decision = { commandId, events: [] };
      this.before = this.state;
    }
    this.decision?.events.push(event);

    const customerEvent = event as unknown as CustomerEvent;
    try {
      this.state = evolveCustomer(this.state, customerEvent);
    } catch (error) {
      this.differences.push({ kind: 'unreadable-event', ...at, message: `the ${event.type} event cannot be applied: ${(error as Error).message}` });
      return;
    }
    if (this.state.points < 0) {
      this.differences.push({ kind: 'negative-balance', ...at, message: `the balance is ${this.state.points} after this ${event.type}` });
    }
    if (this.lines) {
      const recorded = (event.data as { programRevision?: unknown }).programRevision;
      const replayLine: ReplayLine = {
        revision: event.revision,
        position: event.position,
        type: event.type,
        occurredAt: occurredAt(customerEvent),
        points: pointsMoved(customerEvent),
        balance: this.state.points,
        tier: this.state.tier,
        stage: stageOf(this.state),
        programRevision: typeof recorded === 'number' ? recorded : null,
        reproduced: null,
      };
      this.lines.push(replayLine);
      if (this.decision) this.pendingLines.push(replayLine);
    }
  }

  private closeDecision(): void {
    const decision = this.decision;
    if (!decision) return;
    this.decision = null;
    this.decisions += 1;
    const outcome = redecide(this.customerId, decision, this.before, this.programs);
    if (outcome.difference) this.differences.push(outcome.difference);
    else this.reproduced += 1;
    for (const line of this.pendingLines) {
      line.programRevision ??= outcome.programRevision;
      line.reproduced = !outcome.difference;
    }
    this.pendingLines = [];
  }

  finish(): CustomerAudit {
    this.closeDecision();
    return {
      stream: this.stream,
      customerId: this.customerId,
      events: this.events,
      lastPosition: this.lastPosition,
      points: this.state.points,
      tier: this.state.tier,
      stage: stageOf(this.state),
      purchaseCount: this.state.purchaseCount,
      lifetimeEarned: this.state.lifetimeEarned,
      decisions: this.decisions,
      reproduced: this.reproduced,
      differences: this.differences,
    };
  }

  /** The customer right now, as far as the ledger has been read. */
  current(): CustomerState {
    return this.state;
  }
}
