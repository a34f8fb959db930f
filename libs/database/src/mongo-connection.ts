import { createConnection, type Connection } from 'mongoose';
import { redactUrl, StartupError } from '@app/config';

/** How long the first connection (and each operation while the server is away) may wait. */
const SERVER_SELECTION_TIMEOUT_MS = 5000;

export interface MongoDatabaseConnection {
  kind: 'mongodb';
  mongo: Connection;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to MongoDB, which must run as a replica set: the chat repositories write in
 * multi-document transactions (docs/persistence.md). The driver reconnects by itself after an
 * outage; `ping` is what `/health/ready` reports. Each repository creates its indexes when it
 * starts (`modelWithIndexes`).
 */
export async function openMongo(url: string): Promise<MongoDatabaseConnection> {
  const mongo = createConnection(url, {
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    // Indexes are built explicitly at boot, once, rather than on each model's first use.
    autoIndex: false,
    autoCreate: true,
  });
  try {
    await mongo.asPromise();
    await requireReplicaSet(mongo);
  } catch (error) {
    await mongo.close().catch(() => undefined);
    throw new StartupError('DATABASE_URL', redactUrl(url), error);
  }
  return {
    kind: 'mongodb',
    mongo,
    ping: async () => {
      const db = mongo.db;
      if (!db) throw new Error('not connected to MongoDB');
      await db.command({ ping: 1 });
    },
    close: () => mongo.close(),
  };
}

/** A standalone server has no transactions: refused at boot rather than at the first message. */
async function requireReplicaSet(mongo: Connection): Promise<void> {
  const hello = await mongo.db?.admin().command({ hello: 1 });
  if (typeof hello?.setName !== 'string') {
    throw new Error(
      'MongoDB must run as a replica set (a one-node set is enough): start mongod with --replSet rs0 and run rs.initiate()',
    );
  }
}
