import { Body, Controller, Delete, Get, HttpCode, Post, UnprocessableEntityException } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessRegistry, keyRequestProblem } from '@setia/application';
import type { Principal } from '@setia/application';
import { storedInstant } from '@setia/domain';
import { Allow } from '@setia/platform';
import { IdParam, TenantParam } from '../http/params';
import { KeyRequestDto, TenantDto } from './access.dto';
import { Caller } from './caller';

/**
 * Tenants and their API keys. Creating and revoking keys are recorded as events with who did it.
 * The platform's own keys are managed as those of the pseudo-tenant `platform`, by platform keys only.
 */
@ApiTags('access')
@ApiBearerAuth()
@Controller('v1/tenants')
export class AccessController {
  constructor(private readonly registry: AccessRegistry) {}

  @Post()
  @HttpCode(201)
  @Allow('platform')
  @ApiOperation({ summary: 'Create a tenant (a chain), or a sandbox tenant for testing with a clock of its own; then create its admin key' })
  async createTenant(@Body() request: TenantDto, @Caller() caller: Principal) {
    const receiptsSince = request.receiptsSince === undefined ? undefined : storedInstant(request.receiptsSince);
    await this.registry.createTenant(request.tenantId, caller, { sandbox: request.sandbox, receiptsSince });
    return { tenantId: request.tenantId, sandbox: request.sandbox ?? false, receiptsSince: await this.registry.receiptsSince(request.tenantId) };
  }

  @Post(':tenant/keys')
  @HttpCode(201)
  @Allow('platform', 'admin')
  @ApiOperation({ summary: 'Create an API key; the answer is the only time the key is shown (only its hash is kept)' })
  async createKey(@TenantParam() tenant: string, @Body() request: KeyRequestDto, @Caller() caller: Principal) {
    const problem = keyRequestProblem(tenant, request.role, request.stores);
    // A well-formed request the access rules refuse: 422, as the program's rules refuse theirs.
    if (problem) throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', ...problem });
    const { keyId, key } = await this.registry.createKey(tenant, request.role, request.stores, caller);
    return { keyId, key, role: request.role, stores: request.stores ?? null };
  }

  @Get(':tenant/keys')
  @Allow('platform', 'admin')
  @ApiOperation({ summary: 'The tenant\'s keys, revoked ones too, without secrets' })
  async listKeys(@TenantParam() tenant: string) {
    return { tenant, keys: await this.registry.listKeys(tenant) };
  }

  @Delete(':tenant/keys/:keyId')
  @Allow('platform', 'admin')
  @ApiOperation({ summary: 'Revoke a key; it is refused from the next request on, in every API process' })
  revokeKey(@TenantParam() tenant: string, @IdParam('keyId') keyId: string, @Caller() caller: Principal) {
    return this.registry.revokeKey(tenant, keyId, caller);
  }
}
