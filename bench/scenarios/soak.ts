import type { RunResult } from '../load-worker';
import { sleep, Target, type AppOptions } from '../targets';
import { measure, prepare, round, type RunFigures } from './throughput';

export interface SoakOptions extends AppOptions {
  users: number;
  chatSize: number;
  /** Sending at the soak rate after the warm-up; what the memory criterion is judged over. */
  durationMs: number;
  /** Sending at the soak rate before the RSS baseline is read: caches, pools and JIT fill up. */
  warmupMs: number;
  /** The closed-loop run that finds the app's saturation rate; 10 s by default. */
  saturationMs?: number;
  /** How often RSS is read; 10 s by default. */
  sampleEveryMs?: number;
  /** Caps the soak rate (messages/s, all senders); for smoke runs. */
  maxRatePerSec?: number;
}

export interface RssSample {
  /** Seconds since the soak's first message (the warm-up included). */
  atSec: number;
  rssMB: number;
}

export interface SoakReport {
  scenario: 'soak';
  options: SoakOptions;
  /** The app's closed-loop figures: `inboundPerSec` is its saturation rate. */
  saturation: RunFigures;
  /** Half the saturation rate (or the cap): messages/s over all senders. */
  ratePerSec: number;
  /** Over the whole open-loop run, the warm-up included: every message there is checked. */
  sent: number;
  acked: number;
  /** Copies received by members other than the sender; `expected` is acked × (members − 1). */
  delivered: number;
  expected: number;
  /** Messages whose ack failed, whatever the code; `failures` says which codes. */
  errors: number;
  failures: RunResult['failures'];
  /** Acknowledged messages some other member of the chat never got. */
  lost: number;
  /** Copies a member received more than once. */
  duplicated: number;
  latencyMs: RunResult['latencyMs'];
  rssAfterWarmupMB: number;
  rssEndMB: number;
  /** (end − after warm-up) ÷ after warm-up, in %. */
  rssChangePercent: number;
  rssCurve: RssSample[];
  pass: { rss: boolean; errors: boolean; lost: boolean; all: boolean };
}

/** RSS at the end may differ from RSS after the warm-up by at most this much, either way. */
export const RSS_TOLERANCE_PERCENT = 10;

/**
 * The app alone, for a long time at a moderate load: does it keep its memory, and every message?
 * First its saturation rate (closed loop, as in throughput), then an open loop at half that rate
 * for warm-up + duration, every message checked member by member, while RSS is read after a full
 * garbage collection every ~10 s. No relay: the question is the app against itself over time.
 */
export async function soak(options: SoakOptions): Promise<SoakReport> {
  const side = await prepare(await Target.app(options), options);
  try {
    const saturationMs = options.saturationMs ?? 10_000;
    const saturation = await measure(side, {
      mode: 'closed',
      ratePerSender: 0,
      durationMs: saturationMs,
      drainMs: Math.max(2000, saturationMs),
    });
    const ratePerSec = round(
      Math.max(1, Math.min(saturation.inboundPerSec / 2, options.maxRatePerSec ?? Infinity)),
    );
    const totalMs = options.warmupMs + options.durationMs;
    const started = Date.now();
    const run = side.load.run({
      mode: 'open',
      ratePerSender: ratePerSec / options.users,
      durationMs: totalMs,
      // Every ack resolves within its 30 s timeout; copies still missing after that are lost.
      drainMs: Math.min(30_000, Math.max(2000, totalMs)),
      track: true,
    });
    const dues = schedule(options.warmupMs, totalMs, options.sampleEveryMs ?? 10_000);
    const curve = await sampleRss(side.target, started, dues, run);
    const result = await run;
    if (process.env.BENCH_DEBUG) console.error('soak', JSON.stringify(result));
    if (curve.length < dues.length) throw new Error('the run ended before its duration');
    const rssAfterWarmupMB = curve[dues.indexOf(options.warmupMs)].rssMB;
    const rssEndMB = curve[curve.length - 1].rssMB;
    const rssChangePercent = round(((rssEndMB - rssAfterWarmupMB) / rssAfterWarmupMB) * 100, 1);
    const lost = result.checked?.lost ?? Math.max(0, result.expected - result.delivered);
    const pass = {
      rss: Math.abs(rssChangePercent) <= RSS_TOLERANCE_PERCENT,
      errors: result.failed === 0,
      lost: lost === 0,
    };
    return {
      scenario: 'soak',
      options,
      saturation,
      ratePerSec,
      sent: result.sent,
      acked: result.acked,
      delivered: result.delivered,
      expected: result.expected,
      errors: result.failed,
      failures: result.failures,
      lost,
      duplicated: result.checked?.duplicated ?? 0,
      latencyMs: result.latencyMs,
      rssAfterWarmupMB,
      rssEndMB,
      rssChangePercent,
      rssCurve: curve,
      pass: { ...pass, all: pass.rss && pass.errors && pass.lost },
    };
  } finally {
    await side.load.close();
    await side.target.dispose();
  }
}

/**
 * When to read RSS, in ms from the first message: every `every`, plus the end of the warm-up
 * (the baseline) and the end of sending (the last reading, taken while the load is still on, so
 * both readings the criterion compares are made under the same load).
 */
function schedule(warmupMs: number, totalMs: number, every: number): number[] {
  const dues = new Set([warmupMs, totalMs]);
  for (let at = 0; at < totalMs; at += every) dues.add(at);
  return [...dues].sort((a, b) => a - b);
}

/** Reads RSS at each due time until the run ends; a failed run stops the readings early. */
async function sampleRss(
  target: Target,
  started: number,
  dues: number[],
  run: Promise<unknown>,
): Promise<RssSample[]> {
  let ended = false;
  const settled = run.then(
    () => (ended = true),
    () => (ended = true),
  );
  const curve: RssSample[] = [];
  for (const due of dues) {
    await Promise.race([sleep(started + due - Date.now()), settled]);
    // The last reading is due as the sending stops, so it may meet the run just ending.
    if (ended && due < dues[dues.length - 1]) break;
    await target.collectGarbage();
    curve.push({
      atSec: round((Date.now() - started) / 1000, 1),
      rssMB: round(target.rssBytes() / 2 ** 20, 1),
    });
  }
  return curve;
}
