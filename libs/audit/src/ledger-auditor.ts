import { parseCustomerStream, programStream } from '@setia/domain';
import type { CustomerEvent } from '@setia/domain';
import type { AuditEvent } from './audit-event';
import { tenantStreams } from './audit-event';
import type { BudgetSums } from './campaign-budget-check';
import { CampaignBudgetCheck } from './campaign-budget-check';
import type { CustomerAudit } from './customer-ledger-check';
import { CustomerLedgerCheck } from './customer-ledger-check';
import type { Difference, Notice } from './difference';
import { ProgramHistory } from './program-history';
import type { ChainReport } from './stream-chain';
import { describeChain, StreamChainCheck } from './stream-chain';

export interface AuditScope {
  tenant: string;
  /** One customer; the whole tenant when absent. */
  customerId?: string;
}

/** Counts over every ledger and stream read, kept when their reports are not (a verify of millions of streams). */
export interface AuditTotals {
  customers: number;
  decisions: number;
  /** Decisions decided again with their program revision and found equal to what was recorded. */
  reproduced: number;
  /** Streams whose hash chain has started. */
  chained: number;
}

export interface AuditResult {
  scope: AuditScope;
  events: number;
  streams: number;
  firstPosition: string | null;
  lastPosition: string | null;
  programRevisions: number;
  totals: AuditTotals;
  /** Every customer's audit, or (a tenant's verify from a store, unless asked for them) none: the totals count them. */
  customers: CustomerAudit[];
  /** Every stream's chain, or (as `customers`) only the program's and those with a difference or a notice. */
  chains: ChainReport[];
  differences: Difference[];
  notices: Notice[];
  /** Each campaign budget's sums, checked once every stream is read (verifyStore), and the budgets of the program read. */
  budgets: Record<string, BudgetSums>;
  budgetLimits: Record<string, number>;
}

/**
 * Checks a tenant's (or one customer's) events as they arrive in global order, from a store or
 * from an export file: global order, each stream's hash chain, and each customer's ledger replayed
 * with the program rules in force. Pure apart from the memory it keeps per stream.
 */
export class LedgerAuditor {
  private readonly programs = new ProgramHistory();
  private readonly chains = new Map<string, StreamChainCheck>();
  private readonly customers = new Map<string, CustomerLedgerCheck>();
  private readonly differences: Difference[] = [];
  private readonly budgets: CampaignBudgetCheck;
  private events = 0;
  private firstPosition: string | null = null;
  private lastPosition: string | null = null;
  private readonly programStream: string;
  private readonly customerStream: string | undefined;
  private readonly ofTenant: (stream: string) => boolean;

  constructor(
    readonly scope: AuditScope,
    private readonly options: { keepReplayLines?: boolean } = {},
  ) {
    this.programStream = programStream(scope.tenant);
    this.customerStream = scope.customerId === undefined ? undefined : `customer-${scope.tenant}-${scope.customerId}`;
    this.ofTenant = tenantStreams(scope.tenant);
    this.budgets = new CampaignBudgetCheck(scope.tenant);
  }

  /** Whether an event belongs to what is audited (the customer's audit needs its program too). */
  wants(stream: string): boolean {
    if (this.customerStream !== undefined) return stream === this.customerStream || stream === this.programStream;
    return this.ofTenant(stream);
  }

  /** `line`: the event's line in an export file, to locate differences there. */
  add(event: AuditEvent, line?: number): void {
    this.events += 1;
    if (this.firstPosition === null) this.firstPosition = event.position;
    if (this.lastPosition !== null && !(this.lastPosition < event.position)) {
      this.differences.push({
        kind: 'out-of-order',
        stream: event.stream,
        revision: event.revision,
        position: event.position,
        ...(line !== undefined && { line }),
        message: `position ${event.position} comes after position ${this.lastPosition}: events are not in the store's order`,
      });
    }
    if (this.lastPosition === null || this.lastPosition < event.position) this.lastPosition = event.position;

    let chain = this.chains.get(event.stream);
    if (!chain) this.chains.set(event.stream, (chain = new StreamChainCheck(event.stream)));
    chain.add(event, line);

    if (event.stream === this.programStream) {
      this.programs.add(event);
      return;
    }
    if (this.budgets.add(event)) return;
    // The stream's name is parsed once, when its first event comes.
    let check = this.customers.get(event.stream);
    if (!check) {
      const customer = parseCustomerStream(event.stream);
      if (!customer) return;
      check = new CustomerLedgerCheck(event.stream, customer.customerId, this.programs, { keepLines: this.options.keepReplayLines });
      this.customers.set(event.stream, check);
    }
    check.add(event, line);
    this.budgets.addCustomerEvent({ type: event.type, data: event.data } as CustomerEvent);
  }

  /** The customer check of a stream, for replay lines and running state. */
  customer(stream: string): CustomerLedgerCheck | undefined {
    return this.customers.get(stream);
  }

  finish(): AuditResult {
    const chains = [...this.chains.values()].map((check) => check.finish());
    const customers = [...this.customers.values()].map((check) => check.finish());
    const notices: Notice[] = [];
    for (const chain of chains) {
      if (chain.chainStartsAt === null || chain.unhashed > 0) notices.push({ stream: chain.stream, message: describeChain(chain) });
    }
    const differences = [
      ...this.differences,
      ...chains.flatMap((chain) => chain.differences),
      ...customers.flatMap((customer) => customer.differences),
      ...this.budgets.differences,
    ];
    differences.sort(byPlace);
    return {
      scope: this.scope,
      events: this.events,
      streams: chains.length,
      firstPosition: this.firstPosition,
      lastPosition: this.lastPosition,
      programRevisions: this.programs.revisions,
      totals: totalsOf(customers, chains),
      customers,
      chains,
      differences,
      notices,
      budgets: Object.fromEntries(this.budgets.sums),
      budgetLimits: this.programs.budgetLimits(),
    };
  }
}

export function totalsOf(customers: readonly CustomerAudit[], chains: readonly ChainReport[]): AuditTotals {
  const totals = { customers: customers.length, decisions: 0, reproduced: 0, chained: 0 };
  for (const customer of customers) {
    totals.decisions += customer.decisions;
    totals.reproduced += customer.reproduced;
  }
  for (const chain of chains) if (chain.chainStartsAt !== null) totals.chained += 1;
  return totals;
}

/** Differences in the order a reader meets them: by line, then position. */
export function byPlace(a: Difference, b: Difference): number {
  if (a.line !== undefined && b.line !== undefined && a.line !== b.line) return a.line - b.line;
  const pa = a.position ?? '';
  const pb = b.position ?? '';
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}
