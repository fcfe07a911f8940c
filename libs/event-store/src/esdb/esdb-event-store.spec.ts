import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { FakeKurrentDbServer } from '../../../../test/support/fake-kurrentdb-server';
import { eventStoreContract } from '../event-store.contract';
import { EsdbCheckpointStore } from './esdb-checkpoint-store';
import { EsdbEventStore } from './esdb-event-store';

/**
 * The shared contract runs against a real EventStoreDB / KurrentDB when EVENTSTORE_URL is set,
 * e.g. `EVENTSTORE_URL=kurrentdb://127.0.0.1:2113?tls=false npx jest libs/event-store`. Without it
 * the suite is reported as a todo (never as passed) and one plain line says so.
 */
const url = process.env.EVENTSTORE_URL?.trim();

if (url) {
  eventStoreContract('esdb', async () => {
    const store = await EsdbEventStore.connect(url);
    process.stdout.write(`EventStoreDB contract suite against ${store.describeServer()}\n`);
    return store;
  });

  describe('EventStoreDB checkpoint store', () => {
    let store: EsdbEventStore;
    beforeAll(async () => {
      store = await EsdbEventStore.connect(url);
    });
    afterAll(() => store.close());

    it('keeps the last saved position per subscriber, outside what subscribers receive', async () => {
      const checkpoints = new EsdbCheckpointStore(store.client);
      const name = `contract-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
      expect(await checkpoints.load(name)).toBeUndefined();
      await checkpoints.save(name, '00000000000000000042/00000000000000000042');
      await checkpoints.save(name, '00000000000000000043/00000000000000000043');
      await checkpoints.save(`${name}-other`, '00000000000000000007/00000000000000000007');
      expect(await checkpoints.load(name)).toBe('00000000000000000043/00000000000000000043');
      expect(await checkpoints.load(`${name}-other`)).toBe('00000000000000000007/00000000000000000007');
      const recent = await store.readAll({ direction: 'backwards', maxCount: 50 });
      expect(recent.some((event) => event.streamName.startsWith('setia_checkpoint-'))).toBe(false);
    });
  });
} else {
  process.stdout.write('EventStoreDB contract suite NOT RUN: set EVENTSTORE_URL=kurrentdb://127.0.0.1:2113?tls=false to run it\n');
  it.todo('EventStoreDB contract suite (set EVENTSTORE_URL=kurrentdb://127.0.0.1:2113?tls=false to run it)');
}

/**
 * The same contract against the fake server of test/support (the real client, a fake server
 * keeping EventStoreDB's rules), as a server writing stream by stream and as one writing them
 * atomically: the adapter's own logic, not the server's, is what this checks.
 */
for (const [name, options] of [
  ['a fake EventStoreDB 24.10 server', { version: '24.10.4' }],
  ['a fake KurrentDB 25.1 server', { version: '25.1.0', multiStreamAppend: true }],
] as const) {
  const servers: FakeKurrentDbServer[] = [];
  afterAll(() => Promise.all(servers.map((server) => server.stop())));
  eventStoreContract(`esdb on ${name}`, async () => {
    const server = await FakeKurrentDbServer.start(options);
    servers.push(server);
    return EsdbEventStore.connect(server.url());
  });
}

describe('connecting to EventStoreDB at start-up (no server needed)', () => {
  const closedPort = async (): Promise<number> => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  };

  it('a closed port fails with one clear error naming EVENTSTORE_URL, within 10 seconds', async () => {
    const port = await closedPort();
    const started = Date.now();
    const connecting = EsdbEventStore.connect(`esdb://admin:changeit@127.0.0.1:${port}?tls=false`);
    await expect(connecting).rejects.toThrow(`EVENTSTORE_URL esdb://admin:***@127.0.0.1:${port}?tls=false: cannot reach EventStoreDB`);
    await expect(connecting).rejects.not.toThrow(/changeit/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a server that accepts the connection but never answers fails within 10 seconds', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      await expect(EsdbEventStore.connect(`esdb://127.0.0.1:${port}?tls=false`)).rejects.toThrow(
        new RegExp(`^EVENTSTORE_URL esdb://127\\.0\\.0\\.1:${port}\\?tls=false: cannot reach EventStoreDB`),
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a malformed connection string fails at once, naming EVENTSTORE_URL', async () => {
    await expect(EsdbEventStore.connect('esdb://127.0.0.1:notaport')).rejects.toThrow(
      /^EVENTSTORE_URL esdb:\/\/127\.0\.0\.1:notaport: is not a valid EventStoreDB connection string/,
    );
    await expect(EsdbEventStore.connect('http://user:hunter2@db:2113')).rejects.toThrow(/^EVENTSTORE_URL http:\/\/user:\*\*\*@db:2113: is not a valid/);
    await expect(EsdbEventStore.connect('http://user:hunter2@db:2113')).rejects.not.toThrow(/hunter2/);
  });
});
