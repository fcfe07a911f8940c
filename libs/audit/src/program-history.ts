import { evolveProgram, initialProgramState, programVersionOf } from '@setia/domain';
import type { ProgramEvent, ProgramState, ProgramVersion } from '@setia/domain';
import type { AuditEvent } from './audit-event';

/**
 * A tenant's program rules through time, from its `program-<tenant>` stream: the rules each
 * revision set, and which were in force at a given position of the store.
 */
export class ProgramHistory {
  private readonly versions = new Map<number, { position: string; version: ProgramVersion }>();
  /** Ascending by position: the rules in force from each position on. */
  private readonly timeline: Array<{ position: string; version: ProgramVersion }> = [];
  private state: ProgramState = initialProgramState();

  /**
   * `readFirst`: the whole program is read before the ledgers (a verify stream by stream), so a
   * revision is only found for a decision appended after it (see atRevision). Read in the store's
   * order, the history holds only the revisions before the event being checked anyway.
   */
  constructor(private readonly options: { readFirst?: boolean } = {}) {}

  add(event: AuditEvent): void {
    this.state = evolveProgram(this.state, event as unknown as ProgramEvent, event.revision);
    const version = programVersionOf(this.state);
    if (!version) return;
    this.versions.set(event.revision, { position: event.position, version });
    this.timeline.push({ position: event.position, version });
  }

  /**
   * The rules a decision recorded as `programRevision`. With `readFirst`, only when that revision
   * was appended before `position` (the decision's): a decision naming rules set after it is one
   * the program stream does not have at that point, as a verify in the store's order finds.
   */
  atRevision(revision: number, position?: string): ProgramVersion | undefined {
    const found = this.versions.get(revision);
    if (!found || (this.options.readFirst && position !== undefined && !(found.position < position))) return undefined;
    return found.version;
  }

  /** The rules in force when the event at `position` was appended (the latest set before it). */
  inForceAt(position: string): ProgramVersion | undefined {
    let found: ProgramVersion | undefined;
    for (const entry of this.timeline) {
      if (entry.position < position) found = entry.version;
      else break;
    }
    return found;
  }

  /** The points of each campaign with a budget, in the program as last read. */
  budgetLimits(): Record<string, number> {
    const limits: Record<string, number> = {};
    for (const campaign of this.state.program?.campaigns ?? []) if (campaign.budget) limits[campaign.campaignId] = campaign.budget.points;
    return limits;
  }

  get revisions(): number {
    return this.versions.size;
  }
}
