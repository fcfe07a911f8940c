import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@setia/application';
import { Allow } from '@setia/platform';
import { Caller } from '../access/caller';
import { TenantParam } from '../http/params';
import { ConfigureProgram, GetProgram } from './program.commands';
import { ProgramDto } from './program.dto';

const asAnswer = (tenant: string, version: { revision: number; rules: unknown }) => ({
  tenant,
  revision: version.revision,
  program: version.rules,
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
  @ApiOkResponse({ description: 'The program in force and the revision that recorded it' })
  async configure(@TenantParam() tenant: string, @Body() program: ProgramDto, @Caller() caller: Principal) {
    // The admin's key id is recorded in the program events' metadata: who changed the rules, and when.
    return asAnswer(tenant, await this.commands.execute(new ConfigureProgram({ tenant, principal: caller.keyId }, program)));
  }

  @Get()
  @Allow('admin', 'pos', 'auditor', 'analyst')
  @ApiOperation({ summary: 'The program in force' })
  async get(@TenantParam() tenant: string) {
    return asAnswer(tenant, await this.queries.execute(new GetProgram(tenant)));
  }
}
