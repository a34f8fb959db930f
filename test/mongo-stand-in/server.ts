import { createServer, type Socket } from 'node:net';
import { runCommand, type Environment } from './commands';
import { Cursors } from './cursors';
import { Sessions } from './sessions';
import { Store } from './store';
import { encodeReply, MessageReader, parseRequest } from './wire';

export interface MongoStandInOptions {
  /** 0 (the default): a free port. */
  readonly port?: number;
  /** The replica set name hello reports; the URL's `replicaSet` must match it. */
  readonly replicaSetName?: string;
  /** Present a standalone server instead (no replica set, so no transactions for the app). */
  readonly standalone?: boolean;
  /** The database named in `url`. */
  readonly database?: string;
}

export interface MongoStandIn {
  /** `mongodb://127.0.0.1:<port>/<database>?replicaSet=rs0`: what TEST_MONGODB_URL takes. */
  readonly url: string;
  readonly port: number;
  /** Closes every connection and the listening socket; never waits longer than a second. */
  stop(): Promise<void>;
}

/** How often open transactions past their lifetime and idle cursors are cleared away. */
const SWEEP_MS = 1000;
/** `stop` resolves after this at the latest, whatever the sockets do. */
const STOP_TIMEOUT_MS = 1000;

/**
 * Starts the stand-in: a MongoDB wire-protocol server in this process, on 127.0.0.1 only, that
 * presents itself as the primary of a one-member replica set. It is not MongoDB: see README.md.
 */
export async function startMongoStandIn(options: MongoStandInOptions = {}): Promise<MongoStandIn> {
  const replicaSetName = options.standalone ? null : (options.replicaSetName ?? 'rs0');
  const store = new Store();
  const sessions = new Sessions(store);
  const cursors = new Cursors();
  const sockets = new Set<Socket>();
  let connections = 0;
  let host = '';

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const environment: Environment = {
      store,
      sessions,
      cursors,
      server: { host, replicaSetName, connectionId: ++connections },
    };
    const reader = new MessageReader();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const message of reader.push(chunk)) {
          const request = parseRequest(message);
          const reply = runCommand(environment, request.db, request.body);
          if (!request.moreToCome) socket.write(encodeReply(request, reply));
        }
      } catch (error) {
        // A stream the stand-in cannot read: drop the connection, as mongod does.
        process.stderr.write(
          `mongo stand-in: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  host = `127.0.0.1:${address.port}`;

  const sweeper = setInterval(() => {
    sessions.sweep();
    cursors.sweep();
  }, SWEEP_MS);
  sweeper.unref();

  return {
    url: `mongodb://${host}/${options.database ?? 'test'}${replicaSetName ? `?replicaSet=${replicaSetName}` : ''}`,
    port: address.port,
    stop: async () => {
      clearInterval(sweeper);
      sessions.endAll();
      cursors.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_TIMEOUT_MS);
      });
      await Promise.race([closed, timeout]);
      clearTimeout(timer);
    },
  };
}
