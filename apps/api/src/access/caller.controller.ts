import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@setia/application';
import { Allow } from '@setia/platform';
import { TenantParam } from '../http/params';
import { Caller } from './caller';

/**
 * Who the request's key (or token) is in its tenant, so a client such as the console shows what
 * the role may do instead of guessing from refusals. It tells the holder nothing they do not hold.
 */
@ApiTags('access')
@ApiBearerAuth()
@Controller('v1/tenants/:tenant/caller')
export class CallerController {
  @Get()
  @Allow('platform', 'admin', 'pos', 'auditor', 'analyst')
  @ApiOperation({ summary: 'The key\'s id, role and stores (never its secret)' })
  caller(@TenantParam() tenant: string, @Caller() caller: Principal) {
    return { tenant, keyId: caller.keyId, role: caller.role, stores: caller.stores ?? null };
  }
}
