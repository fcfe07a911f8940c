import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { renderAsyncApi } from '@setia/messaging';
import { metrics, SetiaLogger } from '@setia/platform';
import { refuseAmbiguousJson } from './json-body';
import { declareAnswers } from './openapi-contract';

/** Longest path parameter routed (a card number of 64 characters, each URL-encoded, fits); longer: 414. */
const MAX_PARAM_LENGTH = 256;

/** Largest request body accepted; a purchase with 1,000 lines fits well within it. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * On every answer. The API answers JSON only, so its CSP allows nothing; the OpenAPI page at
 * /docs loads its own scripts and styles and gets a CSP that lets it.
 */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";
const DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
/**
 * The console (/console) runs its own bundled script and style only, talks to this origin only,
 * and has nothing inline: no inline script, style element or form that submits by itself.
 */
const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' };
const API_HEADERS = { ...SECURITY_HEADERS, 'content-security-policy': API_CSP, 'cache-control': 'no-store' };
const DOCS_HEADERS = { ...SECURITY_HEADERS, 'content-security-policy': DOCS_CSP };
// Vite names every asset by its content, so an asset never changes; the page itself is asked again each time.
const CONSOLE_PAGE_HEADERS = { ...SECURITY_HEADERS, 'content-security-policy': CONSOLE_CSP, 'cache-control': 'no-cache' };
const CONSOLE_ASSET_HEADERS = { ...SECURITY_HEADERS, 'content-security-policy': CONSOLE_CSP, 'cache-control': 'public, max-age=31536000, immutable' };

/** Where `npm run build` puts the console: dist/console of the repository (or of the image's /app). */
export function defaultConsoleDir(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'console');
}

/** A request id a client may choose (x-request-id); any other is replaced by a new one. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Each request's id: the client's x-request-id when it is a plain token of up to 64 characters
 * (so a till or a proxy can follow its request through), else a new UUID. Answers carry it back
 * in x-request-id, and every log line about the request names it.
 */
function requestId(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
}

/** How long shutdown waits for the handlers still running before it closes the stores anyway. */
export const SHUTDOWN_DRAIN_LIMIT_MS = 20_000;

/**
 * Requests whose handler (guard, pipes, command, exception filter) is still running. A command may
 * make several appends; the stores must stay open until it has finished, even when its client
 * has hung up.
 */
class HandlersInFlight {
  /** Each running handler's result, with its route (`POST /v1/tenants/:tenantId/purchases`). */
  private readonly running = new Map<Promise<unknown>, string>();
  private waiting: Array<() => void> = [];

  track(route: string, result: unknown): unknown {
    if (!(result instanceof Promise)) return result;
    this.running.set(result, route);
    const done = () => {
      this.running.delete(result);
      if (this.running.size === 0) for (const resolve of this.waiting.splice(0)) resolve();
    };
    result.then(done, done);
    return result;
  }

  /** Once none is running, or after `limitMs`: the routes of the handlers still running (none when all finished). */
  async finished(limitMs: number): Promise<string[]> {
    if (this.running.size === 0) return [];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.waiting.push(resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs))),
    ]);
    clearTimeout(timer);
    return [...this.running.values()];
  }
}

/**
 * The NestJS application on Fastify with the OpenAPI page at /docs, its document at
 * /docs/openapi.json, and the AsyncAPI document of the published events at /docs/asyncapi.yaml,
 * both generated from the code they describe. Not yet listening.
 */
export async function createHttpApp(
  rootModule: DynamicModule,
  options: { logger?: false | SetiaLogger; drainLimitMs?: number; consoleDir?: string } = {},
): Promise<NestFastifyApplication> {
  const logger = options.logger ?? new SetiaLogger({ format: 'text', level: 'log' });
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModule,
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, requestIdHeader: false, genReqId: requestId, routerOptions: { maxParamLength: MAX_PARAM_LENGTH } }),
    // Nest's JSON parser is fastify's; ours reads the text for nesting and repeated keys first.
    { logger, abortOnError: false, bodyParser: false },
  );
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // No route takes the QUERY method (a GET with a body): asked without a body, it gets the 405
  // of a method a path does not take, rather than fastify's 400 for a body without a media type.
  fastify.addHttpMethod('QUERY', { hasBody: false, overrideExisting: true });
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    try {
      refuseAmbiguousJson(body as string);
    } catch (refusal) {
      done(refusal as Error, undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
  // Shutdown (SIGTERM, app.close()): fastify answers new requests 503, then preClose waits for the
  // handlers still running (up to a limit, so a stuck one cannot hold the process forever), then
  // the server stops listening and drops idle connections; only then do Nest's shutdown hooks
  // close the stores. Answers sent while draining close their connection,
  // so a client's keep-alive connection does not hold the server open.
  const inFlight = new HandlersInFlight();
  let draining = false;
  const methodsByUrl = new Map<string, Set<string>>();
  fastify.addHook('onRoute', (route) => {
    const declared = methodsByUrl.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) declared.add(method);
    methodsByUrl.set(route.url, declared);
    const handler = route.handler;
    route.handler = function (this: unknown, request, reply) {
      return inFlight.track(`${request.method} ${route.url}`, handler.call(this as never, request, reply)) as ReturnType<typeof handler>;
    };
  });
  fastify.addHook('preClose', async () => {
    draining = true;
    const limitMs = options.drainLimitMs ?? SHUTDOWN_DRAIN_LIMIT_MS;
    const unfinished = await inFlight.finished(limitMs);
    if (unfinished.length > 0) {
      new Logger('HTTP').warn(`stopping with ${unfinished.length} request(s) still running after ${limitMs} ms: ${unfinished.join(', ')}`);
    }
  });
  // Latency by route template (bounded: an unknown path counts as one route); a callback hook, as below.
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  // At debug, one line per request: what it asked for, its answer's status and its time.
  if (logger && logger.isEnabled('debug')) {
    const http = new Logger('HTTP');
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unknown';
      const ms = Math.round(reply.elapsedTime * 10) / 10;
      http.debug({ requestId: request.id, message: `${request.method} ${route} ${reply.statusCode} in ${ms} ms`, method: request.method, route, status: reply.statusCode, ms });
      done();
    });
  }
  // A callback hook with the headers made once: an async hook costs a promise per answer.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const { url } = request;
    const docs = url === '/docs' || url.startsWith('/docs/');
    const consolePage = url === '/console' || url.startsWith('/console/') || url.startsWith('/console?');
    if (draining) void reply.header('connection', 'close');
    void reply.headers(
      docs ? DOCS_HEADERS : consolePage ? (url.startsWith('/console/assets/') ? CONSOLE_ASSET_HEADERS : CONSOLE_PAGE_HEADERS) : API_HEADERS,
    );
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Setia')
      .setDescription('Event-sourced loyalty backend: tills post purchases, returns, redemptions, enrolments and feedback.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A Setia API key: setia_<keyId>_<secret>' })
      .build(),
  );
  allowEmptyOptionalQueries(document);
  declareAnswers(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  const asyncApi = renderAsyncApi();
  fastify.get('/docs/asyncapi.yaml', (_request, reply) => reply.type('application/yaml; charset=utf-8').send(asyncApi));
  await serveConsole(app, options.consoleDir ?? defaultConsoleDir());
  await app.init();
  answerUndeclaredMethods(fastify, methodsByUrl);
  return app;
}

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'QUERY'] as const;

/**
 * A path the API serves, asked with a method it does not declare there (`TRACE /health`), is
 * answered 405 with the methods it takes in `Allow`, rather than 404 as if the path were unknown.
 */
function answerUndeclaredMethods(fastify: FastifyInstance, methodsByUrl: Map<string, Set<string>>): void {
  for (const [url, declared] of [...methodsByUrl]) {
    // fastify answers HEAD wherever GET is declared.
    if (declared.has('GET')) declared.add('HEAD');
    const others = HTTP_METHODS.filter((method) => !declared.has(method));
    if (others.length === 0) continue;
    const allow = HTTP_METHODS.filter((method) => declared.has(method)).join(', ');
    fastify.route({
      method: [...others],
      url,
      handler: (request, reply) => {
        void reply
          .code(405)
          .header('allow', allow)
          .send({ statusCode: 405, error: 'Method Not Allowed', message: `${request.method} is not allowed here; this path takes ${allow}` });
      },
    });
  }
}

/**
 * The console's static files, public like /docs: they hold no data. Every figure on the page comes
 * from the API with the key the user signs in with. Before `npm run build` there is nothing to
 * serve, and /console says so.
 */
async function serveConsole(app: NestFastifyApplication, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    const notBuilt = (_request: unknown, reply: { code(status: number): { type(type: string): { send(body: string): unknown } } }) =>
      reply.code(404).type('text/plain; charset=utf-8').send('The console is not built here: run npm run build (npm start does).');
    const fastify = app.getHttpAdapter().getInstance();
    fastify.get('/console', notBuilt);
    fastify.get('/console/*', notBuilt);
    return;
  }
  await app.register(fastifyStatic as never, { root: dir, prefix: '/console/', decorateReply: false, cacheControl: false, index: 'index.html' });
  app.getHttpAdapter().getInstance().get('/console', (_request, reply) => reply.redirect('/console/', 301));
}

/**
 * Every optional query parameter takes an empty value (`?stage=`) as absent (pageNumber,
 * dateParam, oneOfParam, ...), as a form sends it; the document says so, so clients and API
 * fuzzers know `?stage=` is not a bad stage.
 */
function allowEmptyOptionalQueries(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      for (const parameter of operation?.parameters ?? []) {
        if ('in' in parameter && parameter.in === 'query' && !parameter.required) parameter.allowEmptyValue = true;
      }
    }
  }
}
