import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post, ValidationPipe } from '@nestjs/common';
import { APP_PIPE, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PurchaseDto } from '../apps/api/src/customers/requests.dto';
import { BODY_LIMIT_BYTES } from '../apps/api/src/http/create-http-app';
import { VALIDATOR_OPTIONS } from '../apps/api/src/http/validation';

/**
 * The HTTP bench's anchor: NestJS on Fastify with one route that validates a purchase body exactly
 * as the API does (the same DTO and validation pipe) and stores nothing. The machine's speed moves
 * from one minute to the next; the API's purchases are reported as a ratio to this route, measured
 * in the same run, so figures of different runs compare.
 */
@Controller()
class BarePurchaseController {
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Post('v1/tenants/:tenant/purchases')
  @HttpCode(201)
  purchase(@Body() purchase: PurchaseDto) {
    return { receiptId: purchase.receiptId, customerId: purchase.customerId };
  }
}

@Module({ controllers: [BarePurchaseController], providers: [{ provide: APP_PIPE, useValue: new ValidationPipe({ ...VALIDATOR_OPTIONS, transform: true }) }] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
