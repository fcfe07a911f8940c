import { Injectable, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ProcessManagersModule } from '@setia/application';
import { RelayModule, RelayService } from '@setia/messaging';
import { HealthRegistry } from '@setia/platform';
import type { SetiaConfig } from '@setia/platform';
import { ProjectorModule } from '@setia/projections';
import { ApiModule } from '../../api/src/api.module';
import { BackgroundWorkers } from './background-workers';

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

/**
 * Everything on one machine (API, process managers, projector, relay): the embedded default.
 * `background: 'threads'` (npm start) runs the projector with the process managers, and the relay,
 * each in a worker thread of its own (BackgroundWorkers), so the API's event loop serves requests
 * only; `'in-process'` runs them all on one event loop, as the suites that read the stores of one
 * application do.
 */
@Module({})
export class SetiaModule {
  static forRoot(config: SetiaConfig, options: { background?: 'threads' | 'in-process' } = {}): DynamicModule {
    if (options.background === 'threads') {
      return { module: SetiaModule, imports: [ApiModule.forRoot(config)], providers: [BackgroundWorkers] };
    }
    return {
      module: SetiaModule,
      imports: [ApiModule.forRoot(config), ProcessManagersModule.forRoot(config), ProjectorModule, RelayModule.forRoot(config.messaging)],
      providers: [RelayHealthCheck],
    };
  }
}
