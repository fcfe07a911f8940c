import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { AccessRegistry } from '@setia/application';
import type { SetiaConfig } from '@setia/platform';

export const ACCESS_CONFIG = Symbol('ACCESS_CONFIG');

/** At start-up, before the first request: a platform key exists (see AccessRegistry.ensurePlatformKey). */
@Injectable()
export class AccessBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly registry: AccessRegistry,
    @Inject(ACCESS_CONFIG) private readonly config: SetiaConfig['access'],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { generated } = await this.registry.ensurePlatformKey(this.config.adminKey);
    // stdout, once, on purpose: only the hash is stored, so this line is the only copy of the key.
    if (generated) console.log(`Setia: no platform key existed, generated one (shown once, store it now): ${generated}`);
  }
}
