import { exited, spawnEntryPoint } from './support/entry-points';
import { FakeKurrentDbServer } from './support/fake-kurrentdb-server';

/** Runs an entry point that should refuse to start; returns its exit code, output and time taken. */
async function refusedStart(entry: string, env: Record<string, string>) {
  const started = Date.now();
  const child = spawnEntryPoint(entry, { SETIA_DATA_DIR: `/tmp/setia-startup-${process.pid}`, HOST: '127.0.0.1', PORT: '0', RELAY_HEALTH_PORT: 'off', ...env });
  const code = await exited(child);
  return { code, output: child.output(), seconds: (Date.now() - started) / 1000 };
}

const lastLine = (output: string) => output.trim().split('\n').pop() ?? '';

describe('start-up with a bad or unreachable server: one clear line and a non-zero exit within 10 s', () => {
  it('a malformed EVENTSTORE_URL', async () => {
    const result = await refusedStart('apps/api/src/main.js', { EVENTSTORE_URL: 'http://localhost:2113' });
    expect(result.code).not.toBe(0);
    expect(result.seconds).toBeLessThan(10);
    expect(lastLine(result.output)).toMatch(/EVENTSTORE_URL must be a connection string/);
  });

  it('an EventStoreDB that does not answer, with the password masked', async () => {
    const result = await refusedStart('apps/api/src/main.js', { EVENTSTORE_URL: 'esdb://admin:s3cret@127.0.0.1:1?tls=false' });
    expect(result.code).not.toBe(0);
    expect(result.seconds).toBeLessThan(10);
    expect(lastLine(result.output)).toMatch(/EVENTSTORE_URL/);
    // The start-up line lists the adapters in use, credentials masked.
    expect(result.output).toMatch(/event store: esdb esdb:\/\/admin:\*\*\*@127\.0\.0\.1:1/);
    expect(result.output).not.toContain('s3cret');
  }, 15_000);

  it('a MongoDB that does not answer', async () => {
    const result = await refusedStart('apps/projector/src/main.js', { MONGODB_URL: 'mongodb://127.0.0.1:1' });
    expect(result.code).not.toBe(0);
    expect(result.seconds).toBeLessThan(10);
    expect(lastLine(result.output)).toMatch(/MONGODB_URL/);
  }, 15_000);

  it('a malformed Kafka broker list', async () => {
    const result = await refusedStart('apps/relay/src/main.js', { KAFKA_BROKERS: 'kafka:9092;broken' });
    expect(result.code).not.toBe(0);
    expect(result.seconds).toBeLessThan(10);
    expect(lastLine(result.output)).toMatch(/KAFKA_BROKERS must be a comma-separated list of host:port/);
  });

  it('a malformed SETIA_ADMIN_KEY, without echoing it', async () => {
    const result = await refusedStart('apps/setia/src/main.js', { SETIA_ADMIN_KEY: 'hunter2-not-a-key' });
    expect(result.code).not.toBe(0);
    expect(lastLine(result.output)).toMatch(/SETIA_ADMIN_KEY must be a platform key like setia_platform\./);
    expect(result.output).not.toContain('hunter2');
  });

  it('a malformed JWKS URL of the identity provider', async () => {
    const result = await refusedStart('apps/api/src/main.js', { SETIA_JWT_ISSUER: 'https://id.kopi.example', SETIA_JWT_AUDIENCE: 'setia', SETIA_JWT_TENANT: 'kopi', SETIA_JWT_JWKS_URL: 'id.kopi.example/jwks' });
    expect(result.code).not.toBe(0);
    expect(lastLine(result.output)).toMatch(/SETIA_JWT_JWKS_URL must be an https URL of a JWKS document/);
  });

  it('a bad port', async () => {
    const result = await refusedStart('apps/setia/src/main.js', { PORT: 'eighty' });
    expect(result.code).not.toBe(0);
    expect(lastLine(result.output)).toMatch(/PORT must be an integer/);
  });
});

describe('start-up on EventStoreDB: the start-up line says which server it found and what it can do (a fake server)', () => {
  const waitFor = async (child: ReturnType<typeof spawnEntryPoint>, text: string) => {
    const deadline = Date.now() + 10_000;
    while (!child.output().includes(text) && child.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it.each([
    ['KurrentDB 25.1', { version: '25.1.0', multiStreamAppend: true }, 'KurrentDB 25.1.0: atomic appends to several streams; subscriptions signal caughtUp'],
    ['EventStoreDB 22.10', { version: '22.10.5' }, 'EventStoreDB 22.10.5: appends to several streams one after another (atomic from KurrentDB 25.1); subscriptions go live at a checkpoint past the head (caughtUp from 23.10)'],
  ])('%s', async (_name, options, described) => {
    const server = await FakeKurrentDbServer.start(options);
    const child = spawnEntryPoint('apps/api/src/main.js', { SETIA_DATA_DIR: `/tmp/setia-startup-esdb-${process.pid}`, HOST: '127.0.0.1', PORT: '0', EVENTSTORE_URL: server.url() });
    try {
      await waitFor(child, 'event store: esdb');
      expect(child.output()).toContain(`event store: esdb ${server.url()} (${described}); read store: sqlite`);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
      await server.stop();
    }
  }, 15_000);

  it('a server older than EventStoreDB 22.10 is refused with one line naming EVENTSTORE_URL', async () => {
    const server = await FakeKurrentDbServer.start({ version: '21.10.9' });
    try {
      const result = await refusedStart('apps/api/src/main.js', { EVENTSTORE_URL: server.url() });
      expect(result.code).not.toBe(0);
      expect(lastLine(result.output)).toBe(
        `Setia API cannot start: EVENTSTORE_URL ${server.url()}: EventStoreDB 21.10.9 is not supported: Setia needs EventStoreDB 22.10 or later (KurrentDB 25.1 or later for atomic appends to several streams)`,
      );
      expect(result.output).toContain(`event store: esdb ${server.url()}; read store`);
    } finally {
      await server.stop();
    }
  }, 15_000);
});
