import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Largest request body accepted; a purchase with 1,000 lines fits well within it. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/** The NestJS application on Fastify with the OpenAPI page at /docs. Not yet listening. */
export async function createHttpApp(rootModule: DynamicModule, options: { logger?: false } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }), {
    logger: options.logger ?? ['log', 'warn', 'error'],
    abortOnError: false,
  });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Setia')
      .setDescription('Event-sourced loyalty backend: tills post purchases, returns, redemptions, enrolments and feedback.')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  return app;
}
