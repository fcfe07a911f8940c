import 'reflect-metadata';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EsdbEventStore, EVENT_STORE } from '@setia/event-store';
import { RelayService } from '@setia/messaging';
import { collectProcessMetrics, ConfigError, describeConfig, loadConfig, metricsAccess, registry, SetiaLogger } from '@setia/platform';
import { RelayAppModule } from './relay-app.module';

type Env = Record<string, string | undefined>;

/** Settings only this entry point has: the health port and the batch size. */
export function relayEntrySettings(env: Env = process.env): { healthPort: number | null; batchSize: number } {
  const port = env.RELAY_HEALTH_PORT?.trim() || '3001';
  if (port !== 'off' && (!/^\d+$/.test(port) || Number(port) > 65535)) {
    throw new ConfigError('RELAY_HEALTH_PORT', `must be a port from 0 to 65535 or "off", got "${port}"`);
  }
  const batch = env.RELAY_BATCH_SIZE?.trim() || '2000';
  if (!/^\d+$/.test(batch) || Number(batch) < 1 || Number(batch) > 10_000) {
    throw new ConfigError('RELAY_BATCH_SIZE', `must be an integer from 1 to 10000, got "${batch}"`);
  }
  return { healthPort: port === 'off' ? null : Number(port), batchSize: Number(batch) };
}

/** GET /health, /health/ready and /metrics (open on loopback, with SETIA_METRICS_KEY elsewhere). */
function serveHealth(relay: RelayService, host: string, port: number, metricsKey: string | undefined): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/metrics') {
      const access = metricsAccess(request.socket.remoteAddress, request.headers.authorization, metricsKey);
      if (access !== 'ok') {
        response.writeHead(access === 'closed' ? 403 : 401, { 'content-type': 'application/json' }).end(`{"status":"${access === 'closed' ? 'metrics are served on the loopback interface only; set SETIA_METRICS_KEY' : 'metrics need Authorization: Bearer <SETIA_METRICS_KEY>'}"}`);
        return;
      }
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
      );
      return;
    }
    if (request.method !== 'GET' || (path !== '/health' && path !== '/health/ready')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"status":"not found"}');
      return;
    }
    relay.health().then(
      (health) => {
        const up = health.connected && health.state !== 'stopped';
        // Ready: connected and caught up with the stored events (as the API's /health/ready).
        const ready = up && health.state === 'live';
        const [ok, status] = path === '/health' ? [up, up ? 'up' : 'down'] : [ready, ready ? 'ready' : 'not ready'];
        response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status, checks: { relay: health } }));
      },
      (error: Error) => {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'down', message: error.message }));
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const settings = relayEntrySettings();
  const logger = new SetiaLogger(config.logging);
  Logger.overrideLogger(logger);
  Logger.log(describeConfig(config), 'Setia relay');
  const app = await NestFactory.createApplicationContext(RelayAppModule.forRoot(config, { batchSize: settings.batchSize }), {
    logger,
    abortOnError: false,
  });
  app.enableShutdownHooks();
  // The adapters line above was printed before the event store connected: what its server said of itself.
  const store = app.get(EVENT_STORE);
  if (store instanceof EsdbEventStore) Logger.log(`event store server: ${store.describeServer()}`, 'Setia relay');
  if (settings.healthPort !== null) {
    collectProcessMetrics();
    const server = await serveHealth(app.get(RelayService), config.http.host, settings.healthPort, config.metrics.key);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : settings.healthPort;
    Logger.log(`health on http://${config.http.host}:${port}/health`, 'Setia relay');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
