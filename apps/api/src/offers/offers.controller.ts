import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { ICommandHandler, IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProgramService } from '@setia/application';
import type { CommandContext } from '@setia/application';
import { OFFER_SCHEMA, OfferNotFound, ProgramNotConfigured } from '@setia/domain';
import type { Offer, ProgramOffer, ProgramVersion } from '@setia/domain';
import { Allow } from '@setia/platform';
import { Acting } from '../access/caller';
import { JsonSchemaBody, openApiSchema } from '../http/json-schema-body';
import { IdParam, TenantParam } from '../http/params';

/** An offer's body is the offers rule's schema (libs/domain/src/rules/offers.ts). */
const OFFER_BODY = new JsonSchemaBody(OFFER_SCHEMA);

const offersOf = (version: ProgramVersion): ProgramOffer[] => version.rules.offers ?? [];

function offerAnswer(tenant: string, version: ProgramVersion, offerId: string) {
  const offer = offersOf(version).find((known) => known.offerId === offerId);
  if (!offer) throw new OfferNotFound(offerId);
  return { tenant, programRevision: version.revision, offer };
}

export class CreateOffer extends Command<ProgramVersion> {
  constructor(readonly context: CommandContext, readonly offer: Offer) {
    super();
  }
}

export class EndOffer extends Command<ProgramVersion> {
  constructor(readonly context: CommandContext, readonly offerId: string) {
    super();
  }
}

/** The program in force, with its offers. */
export class GetOffers extends Query<ProgramVersion> {
  constructor(readonly tenant: string) {
    super();
  }
}

@CommandHandler(CreateOffer)
export class CreateOfferHandler implements ICommandHandler<CreateOffer> {
  constructor(private readonly programs: ProgramService) {}

  execute({ context, offer }: CreateOffer) {
    return this.programs.execute((now) => ({ type: 'CreateOffer', data: { offer, now } }), context);
  }
}

@CommandHandler(EndOffer)
export class EndOfferHandler implements ICommandHandler<EndOffer> {
  constructor(private readonly programs: ProgramService) {}

  execute({ context, offerId }: EndOffer) {
    return this.programs.execute((now) => ({ type: 'EndOffer', data: { offerId, now } }), context);
  }
}

@QueryHandler(GetOffers)
export class GetOffersHandler implements IQueryHandler<GetOffers> {
  constructor(private readonly programs: ProgramService) {}

  async execute({ tenant }: GetOffers) {
    const version = await this.programs.current(tenant);
    if (!version) throw new ProgramNotConfigured(tenant);
    return version;
  }
}

export const OFFER_HANDLERS = [CreateOfferHandler, EndOfferHandler, GetOffersHandler];

/**
 * The program's member-only offers, each created and ended on its own (program events: every
 * change is a revision of the rules that purchases name). An offer is created once: the same body
 * again answers the same and records nothing, another body with its id is 409.
 */
@ApiTags('program')
@ApiBearerAuth()
@Controller('v1/tenants/:tenant/offers')
export class OffersController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post()
  @HttpCode(201)
  @Allow('admin')
  @ApiOperation({ summary: 'Create a member-only offer: a window of local dates, who it is for, what it gives (percentOff, amountOff, bundle), its limit per member' })
  @ApiBody({ schema: openApiSchema(OFFER_SCHEMA) })
  async create(@TenantParam() tenant: string, @Body(OFFER_BODY) offer: Offer, @Acting() acting: CommandContext) {
    const version = await this.commands.execute(new CreateOffer(acting, offer));
    return offerAnswer(tenant, version, offer.offerId);
  }

  @Get()
  @Allow('admin', 'auditor', 'analyst')
  @ApiOperation({ summary: 'The program\'s offers, as created and ended' })
  async list(@TenantParam() tenant: string) {
    const version = await this.queries.execute(new GetOffers(tenant));
    return { tenant, programRevision: version.revision, offers: offersOf(version) };
  }

  @Get(':offerId')
  @Allow('admin', 'auditor', 'analyst')
  @ApiOperation({ summary: 'An offer of the program' })
  async get(@TenantParam() tenant: string, @IdParam('offerId') offerId: string) {
    return offerAnswer(tenant, await this.queries.execute(new GetOffers(tenant)), offerId);
  }

  @Post(':offerId/end')
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({ summary: 'End an offer now: purchases from now on can no longer apply it; ending it again changes nothing' })
  async end(@TenantParam() tenant: string, @IdParam('offerId') offerId: string, @Acting() acting: CommandContext) {
    return offerAnswer(tenant, await this.commands.execute(new EndOffer(acting, offerId)), offerId);
  }
}
