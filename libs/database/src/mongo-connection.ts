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
 * Connects to MongoDB (a standalone server is enough: nothing here needs transactions). The
 * driver reconnects by itself after an outage; `ping` is what `/health/ready` reports. Indexes are
 * created by each repository when it starts (see `MongoRepositories.ensureIndexes`).
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
