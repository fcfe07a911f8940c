import { Injectable, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ProcessManagersModule } from '@setia/application';
import { RelayModule, RelayService } from '@setia/messaging';
import { HealthRegistry } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import { ProjectorModule } from '@setia/projections';
import { ApiModule } from '../../api/src/api.module';

/** The relay's connection on /health: down while its broker (or local sink) cannot take events. */
@Injectable()
class RelayHealthCheck {
  constructor(registry: HealthRegistry, relay: RelayService) {
    registry.register('relay', async () => {
      const health = await relay.health();
      return { ...health, up: health.connected && health.state !== 'stopped' };
    });
  }
}

/** Everything in one process (API, process managers, projector, relay): the embedded default on a single machine. */
@Module({})
export class SetiaModule {
  static forRoot(config: SetiaConfig): DynamicModule {
    return {
      module: SetiaModule,
      imports: [ApiModule.forRoot(config), ProcessManagersModule, ProjectorModule, RelayModule.forRoot(config.messaging)],
      providers: [RelayHealthCheck],
    };
  }
}
