import { Controller, Get, Inject } from '@nestjs/common';
import { Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProgramNotConfigured, programStream } from '@setia/domain';
import type { Program, ProgramEvent } from '@setia/domain';
import { EVENT_STORE } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';
import { Allow } from '@setia/platform';
import { TenantParam } from '../http/params';

/** One revision of a tenant's program: the rules it set, when, and by whose key. */
export interface ProgramRevision {
  revision: number;
  configuredAt: string;
  principal: string | null;
  program: Program;
}

export class GetProgramRevisions extends Query<{ tenant: string; revisions: ProgramRevision[] }> {
  constructor(readonly tenant: string) {
    super();
  }
}

/** The program's history is its stream: every revision a decision may name, newest first. */
@QueryHandler(GetProgramRevisions)
export class GetProgramRevisionsHandler implements IQueryHandler<GetProgramRevisions> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ tenant }: GetProgramRevisions) {
    const events = await this.store.readStream(programStream(tenant));
    if (events.length === 0) throw new ProgramNotConfigured(tenant);
    const revisions = events.map((recorded) => {
      const event = recorded as unknown as ProgramEvent & { revision: number };
      return {
        revision: recorded.revision,
        configuredAt: event.data.configuredAt,
        principal: typeof recorded.metadata.principal === 'string' ? recorded.metadata.principal : null,
        program: event.data.program,
      };
    });
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
