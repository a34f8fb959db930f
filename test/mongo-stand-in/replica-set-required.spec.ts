import { openDatabase } from '@app/database';
import { startMongoStandIn, type MongoStandIn } from './index';

/** The chat repositories write in transactions, which only a replica set has: see mongo-connection.ts. */
describe('Opening MongoDB (on the MongoDB stand-in)', () => {
  let standalone: MongoStandIn;

  beforeAll(async () => {
    standalone = await startMongoStandIn({ standalone: true });
  });

  afterAll(() => standalone.stop());

  it('refuses a standalone server at boot, naming DATABASE_URL and saying how to start a replica set', async () => {
    // Opened after all (the check missing): closed again, so the failure cannot keep Jest waiting.
    const outcome = await openDatabase({ kind: 'mongodb', url: standalone.url }).then(
      async (connection) => (await connection.close(), 'opened'),
      (error: unknown) => String(error),
    );
    expect(outcome).toMatch(
      /DATABASE_URL.*MongoDB must run as a replica set \(a one-node set is enough\): start mongod with --replSet rs0 and run rs\.initiate\(\)/s,
    );
  });

  it('opens a one-member replica set', async () => {
    const replicaSet = await startMongoStandIn();
    try {
      const connection = await openDatabase({ kind: 'mongodb', url: replicaSet.url });
      await connection.ping();
      await connection.close();
    } finally {
      await replicaSet.stop();
    }
  });
});
