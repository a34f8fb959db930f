import { LoadGenerator } from '../load';
import { appPopulation, relayPopulation, type Population } from '../seed';
import { sleep, Target, type AppOptions } from '../targets';
import { round } from './throughput';

export interface IdleOptions extends AppOptions {
  connections: number;
  /** Accounts the app's connections are spread over (each signs in once, connects many times). */
  users: number;
  /** Pause before each memory reading, for the server to finish its work; 2 s by default. */
  settleMs?: number;
}

export interface IdleFigures {
  connectSeconds: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  rssPerConnectionKB: number;
}

export interface IdleReport {
  scenario: 'idle';
  options: IdleOptions;
  relay: IdleFigures;
  app: IdleFigures;
  /** app RSS per connection ÷ relay's; target ≤ 1.5. */
  ratio: number;
}

/** N authenticated connections that only stay open: memory per connection, relay vs app. */
export async function idle(options: IdleOptions): Promise<IdleReport> {
  const relay = await measure(Target.relay(), options);
  const app = await measure(await Target.app(options), options);
  return {
    scenario: 'idle',
    options,
    relay,
    app,
    ratio: round(app.rssPerConnectionKB / relay.rssPerConnectionKB),
  };
}

async function measure(target: Target, options: IdleOptions): Promise<IdleFigures> {
  await target.start();
  const load = new LoadGenerator();
  try {
    const chatSize = 2;
    const seeded: Population =
      target.kind === 'relay'
        ? relayPopulation(options.users, chatSize)
        : await appPopulation(target.url, options.users, chatSize);
    const clients = Array.from(
      { length: options.connections },
      (_, i) => seeded.clients[i % seeded.clients.length],
    );
    // Settle, then collect garbage, so both readings hold live memory only (PGlite's startup
    // leaves hundreds of MB of garbage that a collection during the connect phase would free).
    const settle = async () => {
      await sleep(options.settleMs ?? 2000);
      await target.collectGarbage();
    };
    await settle();
    const before = target.rssBytes();
    const ms = await load.connect(target.url, clients, 200);
    await settle();
    const after = target.rssBytes();
    return {
      connectSeconds: round(ms / 1000),
      rssBeforeMB: round(before / 2 ** 20, 1),
      rssAfterMB: round(after / 2 ** 20, 1),
      rssPerConnectionKB: round((after - before) / 1024 / options.connections, 1),
    };
  } finally {
    await load.close();
    await target.dispose();
  }
}
