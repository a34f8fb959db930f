import { LoadGenerator } from '../load';
import { appPopulation } from '../seed';
import { sleep, Target } from '../targets';
import { round } from './throughput';

export interface EmbeddedOptions {
  users: number;
  chatSize: number;
  /** Messages to store before the last memory reading. */
  messages: number;
  /** Pause before each memory reading, for the server to finish its work; 2 s by default. */
  settleMs?: number;
}

export interface EmbeddedReport {
  scenario: 'embedded';
  options: EmbeddedOptions;
  /** From starting the process until `/health` answers, on an empty data directory. */
  firstStartMs: number;
  /** The same, started again on the directory the first start made. */
  coldStartMs: number;
  rssAfterFirstStartMB: number;
  rssAfterBootMB: number;
  /** After `messages` were sent (closed loop) and acknowledged. */
  rssAfterMessagesMB: number;
  messagesStored: number;
}

/**
 * The embedded default as a newcomer runs it (`npm start` with no configuration: PGlite in the
 * process): how long the first start and a restart take, its memory right after boot, and its
 * memory once `messages` have been stored. Memory is read 2 s after each (`settleMs`), after a
 * full garbage collection, as in the other scenarios.
 */
export async function embedded(options: EmbeddedOptions): Promise<EmbeddedReport> {
  const app = await Target.app({ database: 'pglite', redis: false });
  const load = new LoadGenerator();
  try {
    const firstStartMs = await app.start();
    const settle = options.settleMs ?? 2000;
    const rssAfterFirstStartMB = await settledRssMB(app, settle);
    await app.stop();
    const coldStartMs = await app.start(app.port);
    const rssAfterBootMB = await settledRssMB(app, settle);

    const population = await appPopulation(app.url, options.users, options.chatSize);
    await load.connect(app.url, population.clients);
    let messagesStored = 0;
    while (messagesStored < options.messages) {
      const result = await load.run({
        mode: 'closed',
        ratePerSender: 0,
        durationMs: Math.min(2000, 10 * options.messages),
        drainMs: 5000,
      });
      messagesStored += result.acked;
    }
    return {
      scenario: 'embedded',
      options,
      firstStartMs: Math.round(firstStartMs),
      coldStartMs: Math.round(coldStartMs),
      rssAfterFirstStartMB,
      rssAfterBootMB,
      rssAfterMessagesMB: await settledRssMB(app, settle),
      messagesStored,
    };
  } finally {
    await load.close();
    await app.dispose();
  }
}

/** RSS once the server has had a moment to finish what it was doing, and a full collection. */
async function settledRssMB(target: Target, settleMs: number): Promise<number> {
  await sleep(settleMs);
  await target.collectGarbage();
  return round(target.rssBytes() / 1024 / 1024, 1);
}
