import { fork } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AuthSession } from '@app/contracts';
import type { ReconnectCommand, ReconnectResult } from '../reconnect-worker';
import { appPopulation, mapLimit, relayPopulation, type Population } from '../seed';
import { killOnExit, sleep, Target, type DatabaseChoice } from '../targets';
import { round } from './throughput';

export interface ReconnectOptions {
  clients: number;
  chatSize: number;
  database: DatabaseChoice;
  /** Messages per second the sender keeps sending, through the restart. */
  ratePerSec: number;
  /** How long the server stays down. */
  downMs: number;
}

export interface ReconnectReport {
  scenario: 'reconnect';
  options: ReconnectOptions;
  relay: ReconnectResult;
  app: ReconnectResult;
  /** app time until everyone is back and caught up ÷ relay rejoin time; target ≤ 1.5. */
  ratio: number;
}

/**
 * N members connected in chats while one more client keeps sending; the server process is
 * stopped and started again. Measures how long until every member is back (and, for the app,
 * caught up by `chat:sync`), and counts acknowledged messages a member never got and messages
 * stored twice. The app runs on Redis, where sessions outlive the process.
 */
export async function reconnect(options: ReconnectOptions): Promise<ReconnectReport> {
  const relay = await measure(Target.relay(), options);
  const app = await measure(await Target.app({ database: options.database, redis: true }), options);
  return {
    scenario: 'reconnect',
    options,
    relay,
    app,
    ratio: round(app.caughtUpMs / Math.max(1, relay.rejoinMs)),
  };
}

async function measure(target: Target, options: ReconnectOptions): Promise<ReconnectResult> {
  await target.start();
  const worker = fork(join(__dirname, '..', 'reconnect-worker.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  killOnExit(worker);
  const ask = (command: ReconnectCommand) =>
    new Promise<{ type: string; result?: ReconnectResult; message?: string }>((resolve, reject) => {
      worker.once('message', (answer: { type: string; message?: string }) =>
        answer.type === 'error' ? reject(new Error(answer.message)) : resolve(answer),
      );
      worker.send(command);
    });
  try {
    const { members, sender } =
      target.kind === 'relay' ? relaySide(options) : await appSide(target.url, options);
    await ask({
      type: 'connect',
      url: target.url,
      members,
      sender,
      canSync: target.kind === 'app',
    });
    await ask({ type: 'send', ratePerSec: options.ratePerSec });
    await sleep(1500);
    await target.stop();
    await sleep(options.downMs);
    await target.start();
    await ask({ type: 'server-up', at: performance.timeOrigin + performance.now() });
    await sleep(3000);
    await ask({ type: 'stop-sending' });
    // The relay never completes (it keeps nothing), so only the app is given time to catch up.
    const answer = await ask({ type: 'verify', drainMs: 60_000 });
    return answer.result!;
  } finally {
    worker.send({ type: 'close' } satisfies ReconnectCommand);
    await target.dispose();
  }
}

function relaySide(options: ReconnectOptions) {
  const population = relayPopulation(options.clients, options.chatSize);
  const chatIds = [...new Set(population.clients.map((c) => c.chatId))];
  return { members: population.clients, sender: { auth: { rooms: chatIds }, chatIds } };
}

/** The app's members, plus a sender who is added to every chat. */
async function appSide(url: string, options: ReconnectOptions) {
  const population: Population = await appPopulation(url, options.clients + 1, options.chatSize);
  const [senderSpec, ...members] = population.clients;
  const senderToken = senderSpec.auth.token as string;
  const me = (await (
    await fetch(`${url}/api/v1/users/me`, { headers: { authorization: `Bearer ${senderToken}` } })
  ).json()) as AuthSession['user'];
  const owners = new Map<string, string>();
  population.clients.forEach((c, i) => {
    if (i % options.chatSize === 0) owners.set(c.chatId, c.auth.token as string);
  });
  const chatIds = [...owners.keys()];
  await mapLimit(chatIds, 8, async (chatId) => {
    if (chatId === senderSpec.chatId) return;
    const res = await fetch(`${url}/api/v1/chats/${chatId}/members`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${owners.get(chatId)}`,
      },
      body: JSON.stringify({ userIds: [me.id] }),
    });
    if (!res.ok) throw new Error(`add sender: ${res.status} ${await res.text()}`);
  });
  return { members, sender: { auth: { token: senderToken }, chatIds } };
}
