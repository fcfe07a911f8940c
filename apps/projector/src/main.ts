import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, describeConfig, loadConfig } from '@setia/platform';
import { ProjectorAppModule } from './projector-app.module';

/** The projector as its own service; scale the API apart from it. */
async function main(): Promise<void> {
  const config = loadConfig();
  Logger.log(describeConfig(config), 'Setia projector');
  const app = await NestFactory.create<NestFastifyApplication>(ProjectorAppModule.forRoot(config), new FastifyAdapter(), {
    logger: ['log', 'warn', 'error'],
  });
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.host);
  Logger.log(`health on http://${config.http.host}:${config.http.port}/health`, 'Setia projector');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
