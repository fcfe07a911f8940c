import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SetiaLogger } from '@setia/platform';
import { failStartup, prepareStartup } from '../../api/src/startup';
import { ProjectorAppModule } from './projector-app.module';

/** The projector service (read models and process managers); scale the API apart from it. */
async function main(): Promise<void> {
  const config = await prepareStartup('Setia projector', { eventStore: true, readStore: true });
  const app = await NestFactory.create<NestFastifyApplication>(ProjectorAppModule.forRoot(config), new FastifyAdapter(), {
    logger: new SetiaLogger(config.logging),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.host);
  Logger.log(`health on http://${config.http.host}:${config.http.port}/health`, 'Setia projector');
}

main().catch((error: unknown) => failStartup('Setia projector', error));
