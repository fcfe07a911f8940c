import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, describeConfig, loadConfig } from '@setia/platform';
import { ApiModule } from './api.module';
import { createHttpApp } from './http/create-http-app';

/** The API alone, for deployments that run the projector, relay and process managers apart. */
async function main(): Promise<void> {
  const config = loadConfig();
  Logger.log(describeConfig(config), 'Setia API');
  const app = await createHttpApp(ApiModule.forRoot(config));
  await app.listen(config.http.port, config.http.host);
  Logger.log(`listening on http://${config.http.host}:${config.http.port} (OpenAPI at /docs)`, 'Setia API');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
