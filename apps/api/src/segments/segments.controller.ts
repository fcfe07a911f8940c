import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, QueryBus } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProgramService } from '@setia/application';
import type { CommandContext } from '@setia/application';
import { SEGMENT_SCHEMA, SegmentNotFound } from '@setia/domain';
import type { ProgramVersion, Segment } from '@setia/domain';
import { Allow } from '@setia/platform';
import { Acting } from '../access/caller';
import { GetCampaigns } from '../campaigns/campaigns.controller';
import { JsonSchemaBody, openApiSchema } from '../http/json-schema-body';
import { IdParam, TenantParam } from '../http/params';

/** A segment's body is the segments rule's schema (libs/domain/src/rules/segments.ts). */
const SEGMENT_BODY = new JsonSchemaBody(SEGMENT_SCHEMA);

function segmentAnswer(tenant: string, version: ProgramVersion, segmentId: string) {
  const segment = (version.rules.segments ?? []).find((known) => known.segmentId === segmentId);
  if (!segment) throw new SegmentNotFound(segmentId);
  return { tenant, programRevision: version.revision, segment };
}

export class DefineSegment extends Command<ProgramVersion> {
  constructor(readonly context: CommandContext, readonly segment: Segment) {
    super();
  }
}

@CommandHandler(DefineSegment)
export class DefineSegmentHandler implements ICommandHandler<DefineSegment> {
  constructor(private readonly programs: ProgramService) {}

  execute({ context, segment }: DefineSegment) {
    return this.programs.execute((now) => ({ type: 'DefineSegment', data: { segment, now } }), context);
  }
}

/**
 * The program's segments, each defined once (a program event: a revision of the rules), for
 * campaigns to target. The same body again answers the same and records nothing; another body
 * with its id is 409.
 */
@ApiTags('program')
@ApiBearerAuth()
@Controller('v1/tenants/:tenant/segments')
export class SegmentsController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post()
  @HttpCode(201)
  @Allow('admin')
  @ApiOperation({ summary: 'Define a segment: a named rule over what a customer\'s ledger says of them' })
  @ApiBody({ schema: openApiSchema(SEGMENT_SCHEMA) })
  async define(@TenantParam() tenant: string, @Body(SEGMENT_BODY) segment: Segment, @Acting() acting: CommandContext) {
    const version = await this.commands.execute(new DefineSegment(acting, segment));
    return segmentAnswer(tenant, version, segment.segmentId);
  }

  @Get()
  @Allow('admin', 'auditor', 'analyst')
  @ApiOperation({ summary: 'The program\'s segments' })
  async list(@TenantParam() tenant: string) {
    const version: ProgramVersion = await this.queries.execute(new GetCampaigns(tenant));
    return { tenant, programRevision: version.revision, segments: version.rules.segments ?? [] };
  }

  @Get(':segmentId')
  @Allow('admin', 'auditor', 'analyst')
  @ApiOperation({ summary: 'A segment of the program' })
  async get(@TenantParam() tenant: string, @IdParam('segmentId') segmentId: string) {
    return segmentAnswer(tenant, await this.queries.execute(new GetCampaigns(tenant)), segmentId);
  }
}
