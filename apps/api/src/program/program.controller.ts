import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@setia/application';
import { PROGRAM_SCHEMA, withoutKeptSettings } from '@setia/domain';
import type { Program, ProgramVersion } from '@setia/domain';
import { Allow } from '@setia/platform';
import { Acting } from '../access/caller';
import { JsonSchemaBody, openApiSchema } from '../http/json-schema-body';
import { TenantParam } from '../http/params';
import { ConfigureProgram, GetProgram } from './program.commands';

/** The program's body is each rule's settings: its schema is the registry's (libs/domain/src/rules). */
const PROGRAM_BODY = new JsonSchemaBody(PROGRAM_SCHEMA);

/** The program as it is set: the campaigns, created and ended one at a time, are at …/campaigns. */
const asAnswer = (tenant: string, version: ProgramVersion) => ({
  tenant,
  revision: version.revision,
  program: withoutKeptSettings(version.rules),
});

@ApiTags('program')
@ApiBearerAuth()
@Controller('v1/tenants/:tenant/program')
export class ProgramController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Put()
  @HttpCode(200)
  @Allow('admin')
  @ApiOperation({ summary: 'Set the tenant\'s program; the same program again records nothing' })
  @ApiBody({ schema: openApiSchema(PROGRAM_SCHEMA) })
  @ApiOkResponse({ description: 'The program in force and the revision that recorded it' })
  async configure(@TenantParam() tenant: string, @Body(PROGRAM_BODY) program: Program, @Acting() acting: CommandContext) {
    // The admin's key id is recorded in the program events' metadata: who changed the rules, and when.
    return asAnswer(tenant, await this.commands.execute(new ConfigureProgram(acting, program)));
  }

  @Get()
  @Allow('admin', 'pos', 'auditor', 'analyst')
  @ApiOperation({ summary: 'The program in force' })
  async get(@TenantParam() tenant: string) {
    return asAnswer(tenant, await this.queries.execute(new GetProgram(tenant)));
  }
}
