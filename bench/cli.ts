/**
 * `npm run bench -- <scenario> [options]`: runs one scenario against the bare relay and the app,
 * prints the markdown summary and writes JSON + markdown to bench/results/. See bench/README.md.
 */
import { parseDurationMs } from '../libs/config/src/duration';
import { save, type ScenarioReport } from './report';
import { history } from './scenarios/history';
import { idle } from './scenarios/idle';
import { reconnect } from './scenarios/reconnect';
import { embedded } from './scenarios/embedded';
import { soak } from './scenarios/soak';
import { throughput } from './scenarios/throughput';
import type { DatabaseChoice } from './targets';

function options(argv: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`Unexpected argument ${argv[i]}`);
    map.set(match[1], match[2] ?? argv[++i] ?? '');
  }
  return map;
}

/** Descriptors a process needs besides its sockets (files, database and Redis connections, pipes). */
const SPARE_DESCRIPTORS = 300;

/** A clear refusal instead of a run in which the last connections fail with EMFILE. */
function checkOpenFiles(connections: number): void {
  const limit = Number(process.env.BENCH_OPEN_FILES ?? Infinity);
  if (connections + SPARE_DESCRIPTORS > limit) {
    throw new Error(
      `${connections} connections need more than the ${limit} open files one process may have here ` +
        `(ulimit -n; the hard limit cannot be raised without CAP_SYS_RESOURCE): use at most ${limit - SPARE_DESCRIPTORS}`,
    );
  }
}

async function main(): Promise<void> {
  const [scenario, ...rest] = process.argv.slice(2);
  const o = options(rest);
  const int = (name: string, fallback: number) => Number(o.get(name) ?? fallback);
  // Refuses a malformed duration rather than silently running the default; `0` means none.
  const ms = (name: string, fallback: number) => {
    const raw = o.get(name);
    if (raw === undefined) return fallback;
    if (/^0+(ms|s|m|h|d)?$/.test(raw)) return 0;
    const parsed = parseDurationMs(raw);
    if (parsed === undefined) throw new Error(`--${name} ${raw}: not a duration (10s, 5m, …)`);
    return parsed;
  };
  const database = (o.get('db') ?? 'pglite') as DatabaseChoice;
  if (!['pglite', 'postgres'].includes(database)) throw new Error('--db is pglite or postgres');
  const redis = (o.get('redis') ?? 'off') === 'on';
  let report;
  if (scenario === 'throughput') {
    report = await throughput({
      users: int('users', 200),
      chatSize: int('chat-size', 5),
      durationMs: parseDurationMs(o.get('duration') ?? '10s') ?? 10_000,
      maxRatePerSec: o.has('max-rate') ? int('max-rate', 0) : undefined,
      database,
      redis,
    });
  } else if (scenario === 'idle') {
    checkOpenFiles(int('connections', 2000));
    report = await idle({
      connections: int('connections', 2000),
      users: int('users', 100),
      database,
      redis,
    });
  } else if (scenario === 'reconnect') {
    checkOpenFiles(int('clients', 1000));
    report = await reconnect({
      clients: int('clients', 1000),
      chatSize: int('chat-size', 5),
      ratePerSec: int('rate', 50),
      downMs: parseDurationMs(o.get('down') ?? '2s') ?? 2000,
      database,
    });
  } else if (scenario === 'embedded') {
    report = await embedded({
      users: int('users', 200),
      chatSize: int('chat-size', 5),
      messages: int('messages', 100_000),
    });
  } else if (scenario === 'soak') {
    report = await soak({
      users: int('users', 200),
      chatSize: int('chat-size', 5),
      durationMs: ms('duration', 600_000),
      warmupMs: ms('warmup', 60_000),
      database,
      redis,
    });
  } else if (scenario === 'history') {
    report = await history({
      sizes: (o.get('sizes') ?? '10000,100000,1000000').split(',').map(Number),
      listChats: int('list-chats', 1000),
      samples: int('samples', 50),
    });
  } else if (scenario === 'all') {
    // Every scenario at the size of its target, in one run; the options set the throughput run.
    const openFiles = Number(process.env.BENCH_OPEN_FILES ?? Infinity);
    const connections = Math.min(int('connections', 20_000), openFiles - SPARE_DESCRIPTORS);
    const clients = int('clients', 5000);
    checkOpenFiles(clients);
    const shape = {
      users: int('users', 200),
      chatSize: int('chat-size', 5),
      durationMs: parseDurationMs(o.get('duration') ?? '10s') ?? 10_000,
      redis,
    };
    // Each part is saved as soon as it is measured, so a later part failing loses nothing. The
    // embedded parts come last: run right before idle, its 19,700 handshakes twice failed in part.
    const part = async <T extends ScenarioReport>(measure: Promise<T>): Promise<T> => {
      const measured = await measure;
      save(measured);
      return measured;
    };
    report = {
      scenario: 'all' as const,
      throughput: await part(throughput({ ...shape, database })),
      idle: await part(idle({ connections, users: int('idle-users', 200), database, redis })),
      reconnect: await part(
        reconnect({
          clients,
          chatSize: int('chat-size', 5),
          ratePerSec: int('rate', 100),
          downMs: 2000,
          database,
        }),
      ),
      history: await part(
        history({
          sizes: (o.get('sizes') ?? '10000,100000,1000000').split(',').map(Number),
          listChats: 1000,
          samples: 50,
        }),
      ),
      embeddedThroughput: await part(throughput({ ...shape, database: 'pglite' })),
      embedded: await part(
        embedded({
          users: shape.users,
          chatSize: shape.chatSize,
          messages: int('messages', 100_000),
        }),
      ),
    };
  } else {
    throw new Error(
      'Scenarios: throughput, embedded, idle, reconnect, history, soak, all (see bench/README.md)',
    );
  }
  process.stdout.write(`${save(report)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
    process.exit(1);
  },
);
