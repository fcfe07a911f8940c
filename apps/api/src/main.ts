import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ApiModule } from './api.module';
import { createHttpApp } from './http/create-http-app';
import { SetiaLogger } from '@setia/platform';
import { failStartup, prepareStartup } from './startup';

/** The API alone, for deployments that run the projector and relay as their own services. */
async function main(): Promise<void> {
  const config = await prepareStartup('Setia API', { eventStore: true, readStore: true });
  const app = await createHttpApp(ApiModule.forRoot(config), { logger: new SetiaLogger(config.logging) });
  await app.listen(config.http.port, config.http.host);
  Logger.log(`listening on http://${config.http.host}:${config.http.port} (OpenAPI at /docs)`, 'Setia API');
}

main().catch((error: unknown) => failStartup('Setia API', error));
