import { LoadGenerator } from '../load';
import type { RunResult } from '../load-worker';
import { appPopulation, relayPopulation } from '../seed';
import { Target, type AppOptions } from '../targets';

export interface ThroughputOptions extends AppOptions {
  users: number;
  chatSize: number;
  durationMs: number;
  /** Caps the open-loop rate (messages/s, all senders); for smoke runs. */
  maxRatePerSec?: number;
}

export interface RunFigures {
  inboundPerSec: number;
  deliveriesPerSec: number;
  latencyMs: RunResult['latencyMs'];
  cpuSecondsPer1000Deliveries: number;
  lost: number;
  failed: number;
}

export interface ThroughputReport {
  scenario: 'throughput';
  options: ThroughputOptions;
  saturation: { relay: RunFigures; app: RunFigures };
  halfRate: { totalRatePerSec: number; relay: RunFigures; app: RunFigures };
  ratios: {
    /** app deliveries/s ÷ relay deliveries/s at saturation; target ≥ 0.35. */
    saturation: number;
    /** app p99 ÷ relay p99, both at half the app's saturation rate; target ≤ 2. */
    p99AtHalfRate: number;
    /** app CPU per delivery ÷ relay's, at saturation; target ≤ 4. */
    cpuPerDelivery: number;
  };
}

/** A server with its population connected and warmed up, and the load generator driving it. */
export interface Side {
  target: Target;
  load: LoadGenerator;
  users: number;
}

/**
 * N users in chats of K, all sending. Closed-loop first (each sender waits for its ack: the most
 * either server can do), then open-loop at half the app's saturation rate on both: the latency
 * the app adds at a load it can carry, against the relay's at that same load.
 */
export async function throughput(options: ThroughputOptions): Promise<ThroughputReport> {
  const relay = await prepare(Target.relay(), options);
  const app = await prepare(await Target.app(options), options);
  try {
    const drainMs = Math.max(2000, options.durationMs);
    const saturation = {
      relay: await measure(relay, {
        mode: 'closed',
        ratePerSender: 0,
        durationMs: options.durationMs,
        drainMs,
      }),
      app: await measure(app, {
        mode: 'closed',
        ratePerSender: 0,
        durationMs: options.durationMs,
        drainMs,
      }),
    };
    const totalRatePerSec = Math.max(
      1,
      Math.min(saturation.app.inboundPerSec / 2, options.maxRatePerSec ?? Infinity),
    );
    const ratePerSender = totalRatePerSec / options.users;
    const halfRate = {
      totalRatePerSec,
      relay: await measure(relay, {
        mode: 'open',
        ratePerSender,
        durationMs: options.durationMs,
        drainMs,
      }),
      app: await measure(app, {
        mode: 'open',
        ratePerSender,
        durationMs: options.durationMs,
        drainMs,
      }),
    };
    return {
      scenario: 'throughput',
      options,
      saturation,
      halfRate,
      ratios: {
        saturation: round(saturation.app.deliveriesPerSec / saturation.relay.deliveriesPerSec),
        p99AtHalfRate: round(halfRate.app.latencyMs.p99 / halfRate.relay.latencyMs.p99),
        cpuPerDelivery: round(
          saturation.app.cpuSecondsPer1000Deliveries / saturation.relay.cpuSecondsPer1000Deliveries,
        ),
      },
    };
  } finally {
    for (const side of [relay, app]) {
      await side.load.close();
      await side.target.dispose();
    }
  }
}

export async function prepare(
  target: Target,
  options: Pick<ThroughputOptions, 'users' | 'chatSize'>,
): Promise<Side> {
  await target.start();
  const population =
    target.kind === 'relay'
      ? relayPopulation(options.users, options.chatSize)
      : await appPopulation(target.url, options.users, options.chatSize);
  const load = new LoadGenerator();
  await load.connect(target.url, population.clients);
  // A short warm-up, so the JIT and connection pools are not measured cold.
  await load.run({ mode: 'closed', ratePerSender: 0, durationMs: 500, drainMs: 1000 });
  return { target, load, users: options.users };
}

export async function measure(
  side: Side,
  run: Parameters<LoadGenerator['run']>[0],
): Promise<RunFigures> {
  const cpuBefore = side.target.cpuSeconds();
  const result = await side.load.run(run);
  if (process.env.BENCH_DEBUG) console.error(side.target.kind, JSON.stringify(result));
  const cpu = side.target.cpuSeconds() - cpuBefore;
  const seconds = result.durationMs / 1000;
  return {
    inboundPerSec: round(result.acked / seconds),
    deliveriesPerSec: round(result.delivered / seconds),
    latencyMs: result.latencyMs,
    cpuSecondsPer1000Deliveries: round((cpu / Math.max(1, result.delivered)) * 1000, 4),
    // Messages acknowledged after the sender gave up count as failed, yet are still delivered.
    lost: Math.max(0, result.expected - result.delivered),
    failed: result.failed,
  };
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
