import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, describeConfig, loadConfig } from '@setia/platform';
import { createHttpApp } from '../../api/src/http/create-http-app';
import { SetiaModule } from './setia.module';

/** All-in-one: API and process managers in one process, on the embedded default unless configured. */
async function main(): Promise<void> {
  const config = loadConfig();
  Logger.log(describeConfig(config), 'Setia');
  const app = await createHttpApp(SetiaModule.forRoot(config));
  await app.listen(config.http.port, config.http.host);
  Logger.log(`listening on http://${config.http.host}:${config.http.port} (OpenAPI at /docs)`, 'Setia');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
