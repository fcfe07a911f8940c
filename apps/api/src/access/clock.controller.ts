import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Scheduler, TenantClocks } from '@setia/application';
import type { Principal } from '@setia/application';
import { NotASandbox, storedInstant } from '@setia/domain';
import { Allow } from '@setia/platform';
import { TenantParam } from '../http/params';
import { ClockDto } from './access.dto';
import { Caller } from './caller';

/**
 * A sandbox tenant's clock (tenant-clock.ts): an admin moves it forward, and every decision that
 * falls due up to the new time (expiries, notices, tier reviews, birthday months) is made before
 * the answer. Other tenants have no clock of their own: 404.
 */
@ApiTags('access')
@ApiBearerAuth()
@Allow('admin')
@Controller('v1/tenants/:tenant/clock')
export class ClockController {
  constructor(private readonly clocks: TenantClocks, private readonly scheduler: Scheduler) {}

  @Get()
  @ApiOperation({ summary: 'A sandbox tenant\'s time' })
  async get(@TenantParam() tenant: string) {
    if (!(await this.clocks.isSandbox(tenant))) throw new NotASandbox(tenant);
    return { tenant, now: await this.clocks.now(tenant) };
  }

  @Put()
  @ApiOperation({ summary: 'Move a sandbox tenant\'s clock forward (never back: 409); what falls due up to then is decided before the answer' })
  async move(@TenantParam() tenant: string, @Body() request: ClockDto, @Caller() caller: Principal) {
    const { from, now } = await this.clocks.move(tenant, storedInstant(request.now), caller);
    await this.scheduler.catchUp();
    const decided = await this.scheduler.runDueFor(tenant, now);
    return { tenant, from, now, customersDecided: decided };
  }
}
