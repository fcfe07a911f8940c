import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp } from '../../api/src/http/create-http-app';
import { SetiaLogger } from '@setia/platform';
import { failStartup, prepareStartup } from '../../api/src/startup';
import { SetiaModule } from './setia.module';

/**
 * All-in-one (npm start): the API, and the projector with the process managers and the relay in
 * worker threads of the same process, on the embedded default unless configured.
 */
async function main(): Promise<void> {
  const config = await prepareStartup('Setia', { eventStore: true, readStore: true });
  const app = await createHttpApp(SetiaModule.forRoot(config, { background: 'threads' }), { logger: new SetiaLogger(config.logging) });
  await app.listen(config.http.port, config.http.host);
  Logger.log(`listening on http://${config.http.host}:${config.http.port} (OpenAPI at /docs)`, 'Setia');
}

main().catch((error: unknown) => failStartup('Setia', error));
