import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { AccessRegistry } from '@setia/application';
import type { SetiaConfig } from '@setia/platform';

export const ACCESS_CONFIG = Symbol('ACCESS_CONFIG');
/** Where a generated platform key goes: the terminal (text logs), or a file beside the data (JSON logs). */
export const PLATFORM_KEY_NOTICE = Symbol('PLATFORM_KEY_NOTICE');
export interface PlatformKeyNotice {
  format: SetiaConfig['logging']['format'];
  dataDir: string;
}
/** The file a generated platform key is written to when the logs are JSON (collected, so no place for a key). */
export const PLATFORM_KEY_FILE = 'platform-key.txt';

/** At start-up, before the first request: a platform key exists (see AccessRegistry.ensurePlatformKey). */
@Injectable()
export class AccessBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly registry: AccessRegistry,
    @Inject(ACCESS_CONFIG) private readonly config: SetiaConfig['access'],
    @Inject(PLATFORM_KEY_NOTICE) private readonly notice: PlatformKeyNotice,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { generated } = await this.registry.ensurePlatformKey(this.config.adminKey);
    if (!generated) return;
    if (this.notice.format === 'json') {
      // JSON logs are collected and kept: the key goes to a file only its owner reads, and the log says where.
      mkdirSync(this.notice.dataDir, { recursive: true });
      const file = resolve(join(this.notice.dataDir, PLATFORM_KEY_FILE));
      writeFileSync(file, `${generated}\n`, { mode: 0o600 });
      new Logger('Access').warn(`no platform key existed, generated one and wrote it to ${file} (mode 600): store it elsewhere, then delete the file`);
      return;
    }
    // stdout, once, on purpose: only the hash is stored, so this line is the only copy of the key.
    console.log(`Setia: no platform key existed, generated one (shown once, store it now): ${generated}`);
  }
}
