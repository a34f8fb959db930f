import { ObjectId } from 'bson';
import { SESSION_TIMEOUT_MINUTES } from '../sessions';
import type { CommandContext, CommandHandler } from './context';

/** The MongoDB version the stand-in claims: 7.0, wire version 21. */
export const VERSION = '7.0.0';
/**
 * 21 is MongoDB 7.0. The driver wants at least 7 for transactions on a replica set; 21 also
 * keeps it from features of newer servers (e.g. the client-level `bulkWrite` command of 8.0).
 */
const MAX_WIRE_VERSION = 21;
/** One election, forever: the stand-in is the only member and never steps down. */
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

/**
 * `hello` (and the legacy `isMaster`): a one-member replica set whose member is the primary (or,
 * with the `standalone` option, a server of no replica set, as a plain mongod reports itself).
 * That is what lets the driver use sessions and transactions. There is no `topologyVersion`, so
 * the driver's monitor polls (every 10 s) rather than waiting on a streaming hello.
 */
function hello(context: CommandContext, legacy: boolean) {
  const { host, replicaSetName, connectionId } = context.server;
  return {
    ...(context.body.helloOk === true ? { helloOk: true } : {}),
    ...(legacy ? { ismaster: true } : {}),
    isWritablePrimary: true,
    ...(replicaSetName === null
      ? {}
      : {
          secondary: false,
          setName: replicaSetName,
          setVersion: 1,
          electionId: ELECTION_ID,
          hosts: [host],
          primary: host,
          me: host,
        }),
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: SESSION_TIMEOUT_MINUTES,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  };
}

const buildInfo: CommandHandler = () => ({
  version: VERSION,
  versionArray: [7, 0, 0, 0],
  gitVersion: 'mongo-stand-in',
  bits: 64,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['memory'],
  modules: [],
});

/** `featureCompatibilityVersion`, which tools ask for; other parameters come back empty. */
const getParameter: CommandHandler = ({ body }) =>
  body.featureCompatibilityVersion ? { featureCompatibilityVersion: { version: '7.0' } } : {};

export const HANDSHAKE_COMMANDS: Record<string, CommandHandler> = {
  hello: (context) => hello(context, false),
  isMaster: (context) => hello(context, true),
  ismaster: (context) => hello(context, true),
  ping: () => ({}),
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  hostInfo: () => ({ system: { hostname: 'mongo-stand-in' }, os: {}, extra: {} }),
  whatsmyuri: ({ server }) => ({ you: server.host }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
  serverStatus: ({ server }) => ({ host: server.host, version: VERSION, process: 'mongod' }),
  getCmdLineOpts: () => ({ argv: ['mongod'], parsed: {} }),
};
