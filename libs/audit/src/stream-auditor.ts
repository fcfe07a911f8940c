import { parseCustomerStream, programStream } from '@setia/domain';
import type { CustomerEvent } from '@setia/domain';
import type { AuditEvent } from './audit-event';
import { tenantStreams } from './audit-event';
import { CampaignBudgetCheck } from './campaign-budget-check';
import type { CustomerAudit } from './customer-ledger-check';
import { CustomerLedgerCheck } from './customer-ledger-check';
import type { Difference, Notice } from './difference';
import type { AuditResult, AuditTotals } from './ledger-auditor';
import { byPlace } from './ledger-auditor';
import { ProgramHistory } from './program-history';
import type { ChainReport } from './stream-chain';
import { describeChain, StreamChainCheck } from './stream-chain';

export interface StreamAuditOptions {
  /** Every stream's chain report and every customer's audit in the result (a store's specs); else the totals count them. */
  keepReports?: boolean;
  /** Every customer's audit, for the comparison with the read models, without the chain reports. */
  keepCustomers?: boolean;
}

/**
 * A tenant's audit stream by stream, the checks of LedgerAuditor in another order: the program is
 * read whole first (`addProgram`), then every other stream of the tenant one after another, each
 * in revision order (`add`, from the store's `readInStreamOrder`). A stream's hash chain and, for a
 * customer, the ledger replayed with the program revision of each decision are checked as its
 * events come and finished when the next stream begins, so what stays in memory is the program,
 * the campaign budgets' sums, the differences and the totals, whatever the number of members.
 * A decision may only name a program revision appended before it (ProgramHistory `readFirst`),
 * as in the store's order.
 */
export class StreamByStreamAuditor {
  private readonly programs = new ProgramHistory({ readFirst: true });
  private readonly programChain: StreamChainCheck;
  private readonly budgets: CampaignBudgetCheck;
  private readonly differences: Difference[] = [];
  private readonly notices: Notice[] = [];
  private readonly chains: ChainReport[] = [];
  private readonly customers: CustomerAudit[] = [];
  private readonly totals: AuditTotals = { customers: 0, decisions: 0, reproduced: 0, chained: 0 };
  private readonly programStream: string;
  private readonly ofTenant: (stream: string) => boolean;
  private events = 0;
  private streams = 0;
  private firstPosition: string | null = null;
  private lastPosition: string | null = null;
  private chain: StreamChainCheck | null = null;
  private customer: CustomerLedgerCheck | null = null;

  constructor(
    readonly tenant: string,
    private readonly options: StreamAuditOptions = {},
  ) {
    this.programStream = programStream(tenant);
    this.programChain = new StreamChainCheck(this.programStream);
    this.ofTenant = tenantStreams(tenant);
    this.budgets = new CampaignBudgetCheck(tenant);
  }

  /** The streams `add` takes: the tenant's, but its program (given to `addProgram` first). */
  wants(stream: string): boolean {
    return stream !== this.programStream && this.ofTenant(stream);
  }

  /** An event of the program stream, in revision order, before any other stream's. */
  addProgram(event: AuditEvent): void {
    this.count(event);
    this.programChain.add(event);
    this.programs.add(event);
  }

  /** An event of another stream of the tenant: streams one after another, each in revision order. */
  add(event: AuditEvent): void {
    this.count(event);
    if (this.chain === null || event.stream !== this.chain.stream) this.begin(event.stream);
    this.chain!.add(event);
    if (this.budgets.add(event)) return;
    if (this.customer === null) return;
    this.customer.add(event);
    this.budgets.addCustomerEvent({ type: event.type, data: event.data } as CustomerEvent);
  }

  finish(): AuditResult {
    this.endStream();
    // The program's report is always kept: a parallel verify counts its events once.
    const program = this.programChain.finish();
    if (program.events > 0) {
      this.endChain(program, true);
      this.chains.unshift(this.chains.pop()!);
    }
    this.differences.push(...this.budgets.differences);
    this.differences.sort(byPlace);
    return {
      scope: { tenant: this.tenant },
      events: this.events,
      streams: this.streams,
      firstPosition: this.firstPosition,
      lastPosition: this.lastPosition,
      programRevisions: this.programs.revisions,
      totals: { ...this.totals },
      customers: this.customers,
      chains: this.chains,
      differences: this.differences,
      notices: this.notices,
      budgets: Object.fromEntries(this.budgets.sums),
      budgetLimits: this.programs.budgetLimits(),
    };
  }

  private count(event: AuditEvent): void {
    this.events += 1;
    if (this.firstPosition === null || event.position < this.firstPosition) this.firstPosition = event.position;
    if (this.lastPosition === null || event.position > this.lastPosition) this.lastPosition = event.position;
  }

  private begin(stream: string): void {
    this.endStream();
    this.chain = new StreamChainCheck(stream);
    const customer = parseCustomerStream(stream);
    this.customer = customer ? new CustomerLedgerCheck(stream, customer.customerId, this.programs) : null;
  }

  private endStream(): void {
    if (this.chain) this.endChain(this.chain.finish(), false);
    this.chain = null;
    if (this.customer) {
      const audit = this.customer.finish();
      this.totals.customers += 1;
      this.totals.decisions += audit.decisions;
      this.totals.reproduced += audit.reproduced;
      this.differences.push(...audit.differences);
      if (this.options.keepReports || this.options.keepCustomers) this.customers.push(audit);
    }
    this.customer = null;
  }

  private endChain(chain: ChainReport, keep: boolean): void {
    this.streams += 1;
    if (chain.chainStartsAt !== null) this.totals.chained += 1;
    const noticed = chain.chainStartsAt === null || chain.unhashed > 0;
    if (noticed) this.notices.push({ stream: chain.stream, message: describeChain(chain) });
    this.differences.push(...chain.differences);
    if (keep || this.options.keepReports || noticed || chain.differences.length > 0) this.chains.push(chain);
  }
}
