import { Controller, Get, Inject } from '@nestjs/common';
import { Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { evolveProgram, initialProgramState, ProgramNotConfigured, programStream } from '@setia/domain';
import type { Program, ProgramEvent } from '@setia/domain';
import { EVENT_STORE } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { Allow } from '@setia/platform';
import { TenantParam } from '../http/params';

/** One revision of a tenant's program: the rules in force from it, what changed them, when, and by whose key. */
export interface ProgramRevision {
  revision: number;
  /** The event that made the revision: the program set, or a campaign or an offer created or ended. */
  change: ProgramEvent['type'];
  configuredAt: string;
  principal: string | null;
  program: Program;
}

export class GetProgramRevisions extends Query<{ tenant: string; revisions: ProgramRevision[] }> {
  constructor(readonly tenant: string) {
    super();
  }
}

/** When a program event changed the rules. */
const changedAt = (event: ProgramEvent): string => {
  switch (event.type) {
    case 'ProgramConfigured':
      return event.data.configuredAt;
    case 'CampaignCreated':
      return event.data.createdAt;
    case 'CampaignEnded':
      return event.data.endedAt;
    case 'SegmentDefined':
      return event.data.definedAt;
    case 'OfferCreated':
      return event.data.createdAt;
    case 'OfferEnded':
      return event.data.endedAt;
  }
};

/** The program's history is its stream: every revision a decision may name, newest first. */
@QueryHandler(GetProgramRevisions)
export class GetProgramRevisionsHandler implements IQueryHandler<GetProgramRevisions> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ tenant }: GetProgramRevisions) {
    const events = await this.store.readStream(programStream(tenant));
    if (events.length === 0) throw new ProgramNotConfigured(tenant);
    let state = initialProgramState();
    const revisions: ProgramRevision[] = [];
    for (const recorded of events) {
      const event = recorded as unknown as ProgramEvent;
      state = evolveProgram(state, event, recorded.revision);
      if (!state.program) continue;
      revisions.push({
        revision: recorded.revision,
        change: event.type,
        configuredAt: changedAt(event),
        principal: typeof recorded.metadata.principal === 'string' ? recorded.metadata.principal : null,
        program: state.program,
      });
    }
    return { tenant, revisions: revisions.reverse() };
  }
}

@ApiTags('program')
@ApiBearerAuth()
@Controller('v1/tenants/:tenant/program/revisions')
export class ProgramRevisionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Allow('admin', 'auditor', 'analyst')
  @ApiOperation({ summary: 'Every revision of the program, newest first: the rules it set, when and by which key' })
  revisions(@TenantParam() tenant: string) {
    return this.queries.execute(new GetProgramRevisions(tenant));
  }
}
