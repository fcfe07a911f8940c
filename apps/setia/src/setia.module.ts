import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ProcessManagersModule } from '@setia/application';
import type { SetiaConfig } from '@setia/platform';
import { ProjectorModule } from '@setia/projections';
import { ApiModule } from '../../api/src/api.module';

/** Everything in one process (API, process managers, projector): the embedded default on a single machine. */
@Module({})
export class SetiaModule {
  static forRoot(config: SetiaConfig): DynamicModule {
    return { module: SetiaModule, imports: [ApiModule.forRoot(config), ProcessManagersModule, ProjectorModule] };
  }
}
