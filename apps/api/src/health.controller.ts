import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE } from '@setia/event-store';
import type { EventStore } from '@setia/event-store';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Up when the event store answers' })
  async health() {
    try {
      await this.store.readAll({ direction: 'backwards', maxCount: 1 });
    } catch (error) {
      throw new ServiceUnavailableException({ status: 'down', checks: { eventStore: 'down' }, message: (error as Error).message });
    }
    return { status: 'up', checks: { eventStore: 'up' } };
  }
}
