import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { ICommandHandler, IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProgramService } from '@setia/application';
import type { CommandContext } from '@setia/application';
import { CAMPAIGN_SCHEMA, CampaignNotFound, ProgramNotConfigured } from '@setia/domain';
import type { Campaign, ProgramCampaign, ProgramVersion } from '@setia/domain';
import { Allow } from '@setia/platform';
import { Acting } from '../access/caller';
import { JsonSchemaBody, openApiSchema } from '../http/json-schema-body';
import { IdParam, TenantParam } from '../http/params';

/** A campaign's body is the campaigns rule's schema (libs/domain/src/rules/campaigns.ts). */
const CAMPAIGN_BODY = new JsonSchemaBody(CAMPAIGN_SCHEMA);

const campaignsOf = (version: ProgramVersion): ProgramCampaign[] => version.rules.campaigns ?? [];

function campaignAnswer(tenant: string, version: ProgramVersion, campaignId: string) {
  const campaign = campaignsOf(version).find((known) => known.campaignId === campaignId);
  if (!campaign) throw new CampaignNotFound(campaignId);
  return { tenant, programRevision: version.revision, campaign };
}

export class CreateCampaign extends Command<ProgramVersion> {
  constructor(readonly context: CommandContext, readonly campaign: Campaign) {
    super();
  }
}

export class EndCampaign extends Command<ProgramVersion> {
  constructor(readonly context: CommandContext, readonly campaignId: string) {
    super();
  }
}

/** The program in force, with its campaigns and segments. */
export class GetCampaigns extends Query<ProgramVersion> {
  constructor(readonly tenant: string) {
    super();
  }
}

@CommandHandler(CreateCampaign)
export class CreateCampaignHandler implements ICommandHandler<CreateCampaign> {
  constructor(private readonly programs: ProgramService) {}

  execute({ context, campaign }: CreateCampaign) {
    return this.programs.execute((now) => ({ type: 'CreateCampaign', data: { campaign, now } }), context);
  }
}

@CommandHandler(EndCampaign)
export class EndCampaignHandler implements ICommandHandler<EndCampaign> {
  constructor(private readonly programs: ProgramService) {}

  execute({ context, campaignId }: EndCampaign) {
    return this.programs.execute((now) => ({ type: 'EndCampaign', data: { campaignId, now } }), context);
  }
}

@QueryHandler(GetCampaigns)
export class GetCampaignsHandler implements IQueryHandler<GetCampaigns> {
  constructor(private readonly programs: ProgramService) {}

  async execute({ tenant }: GetCampaigns) {
    const version = await this.programs.current(tenant);
    if (!version) throw new ProgramNotConfigured(tenant);
    return version;
  }
}

export const CAMPAIGN_HANDLERS = [CreateCampaignHandler, EndCampaignHandler, GetCampaignsHandler];

/**
 * The program's campaigns, each created and ended on its own (program events: every change is a
 * revision of the rules that decisions name). A campaign is created once: the same body again
 * answers the same and records nothing, another body with its id is 409.
 */
@ApiTags('program')
@ApiBearerAuth()
@Controller('v1/tenants/:tenant/campaigns')
export class CampaignsController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post()
  @HttpCode(201)
  @Allow('admin')
  @ApiOperation({ summary: 'Create a campaign: a window of local dates, who it is for, its effect, its caps' })
  @ApiBody({ schema: openApiSchema(CAMPAIGN_SCHEMA) })
  async create(@TenantParam() tenant: string, @Body(CAMPAIGN_BODY) campaign: Campaign, @Acting() acting: CommandContext) {
    const version = await this.commands.execute(new CreateCampaign(acting, campaign));
    return campaignAnswer(tenant, version, campaign.campaignId);
  }

  @Get()
  @Allow('admin', 'auditor', 'analyst')
  @ApiOperation({ summary: 'The program\'s campaigns, as created and ended' })
  async list(@TenantParam() tenant: string) {
    const version = await this.queries.execute(new GetCampaigns(tenant));
    return { tenant, programRevision: version.revision, campaigns: campaignsOf(version) };
  }

  @Get(':campaignId')
  @Allow('admin', 'auditor', 'analyst')
  @ApiOperation({ summary: 'A campaign of the program' })
  async get(@TenantParam() tenant: string, @IdParam('campaignId') campaignId: string) {
    return campaignAnswer(tenant, await this.queries.execute(new GetCampaigns(tenant)), campaignId);
  }

  @Post(':campaignId/end')
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({ summary: 'End a campaign now: purchases from now on no longer get it; ending it again changes nothing' })
  async end(@TenantParam() tenant: string, @IdParam('campaignId') campaignId: string, @Acting() acting: CommandContext) {
    return campaignAnswer(tenant, await this.commands.execute(new EndCampaign(acting, campaignId)), campaignId);
  }
}
