import { MongoClient } from 'mongodb';
import { mongoServerRunnable, startMongoTestServer } from '../../../../test/support/mongodb-server';
import type { MongoTestServer } from '../../../../test/support/mongodb-server';
import { PersonalData } from '../personal-data';
import { personalDataVaultContract } from '../personal-data-vault.contract';
import { MongoPersonalDataVault, VAULT_COLLECTION } from './mongodb-personal-data-vault';

/**
 * The vault on a real MongoDB-protocol server: MONGODB_URL when set, else FerretDB started by
 * scripts/ferretdb.sh on its own port (FERRETDB_VAULT_TEST_PORT, 27019), so the read-store suite
 * running at the same time never stops this one's server.
 */
const port = process.env.FERRETDB_VAULT_TEST_PORT ?? '27019';

if (!mongoServerRunnable) {
  console.log('MongoDB vault suite NOT RUN: MONGODB_URL is not set and Go is not installed to build FerretDB (scripts/ferretdb.sh).');
  it.todo('MongoDB personal-data vault contract (needs MONGODB_URL or Go to build FerretDB)');
}

if (mongoServerRunnable) describe('MongoDB personal-data vault', () => {
  let server: MongoTestServer;

  beforeAll(async () => {
    server = await startMongoTestServer(port);
    console.log(`MongoDB vault suite runs against ${server.name}`);
  }, 20 * 60_000);
  afterAll(() => server?.stop());

  personalDataVaultContract('mongodb', async () => {
    const database = server.freshDatabase();
    return { open: () => MongoPersonalDataVault.connect(server.url, database), dispose: async () => undefined };
  });

  it('erasure deletes the key from the customer\'s document, not just marks it; sealed values then open as null', async () => {
    const database = server.freshDatabase();
    const vault = await MongoPersonalDataVault.connect(server.url, database);
    const client = await MongoClient.connect(server.url);
    try {
      const personal = new PersonalData(vault);
      const [sealed] = await personal.seal('kopi', 'ayu', [{ type: 'CustomerEnrolled', data: { customerId: 'ayu', cardNumber: '6001 2345' } }]);
      const stored = () => client.db(database).collection(VAULT_COLLECTION).findOne({ tenant: 'kopi', customerId: 'ayu' });
      expect((await stored())?.key).toBeDefined();

      await personal.erase('kopi', 'ayu', '2026-11-29T10:00:00.000Z');
      const document = await stored();
      expect(document).toMatchObject({ tenant: 'kopi', customerId: 'ayu', destroyedAt: '2026-11-29T10:00:00.000Z' });
      expect(document).not.toHaveProperty('key');
      const [opened] = await personal.open('kopi', 'ayu', [sealed]);
      expect(opened.data).toMatchObject({ cardNumber: null });
    } finally {
      await client.close();
      await vault.close();
    }
  });

  it('an unreachable MongoDB fails at connect with one message naming MONGODB_URL', async () => {
    await expect(MongoPersonalDataVault.connect('mongodb://127.0.0.1:1', 'x', { serverSelectionTimeoutMS: 1000 })).rejects.toThrow(
      /personal-data vault: cannot reach MongoDB at MONGODB_URL=mongodb:\/\/127\.0\.0\.1:1 within 1 s/,
    );
  });
});
