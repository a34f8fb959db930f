import { Registry } from 'prom-client';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TestApp } from '@app/testing';

/**
 * What the resource-limit suites watch on the app under test, which runs in the test's own
 * process: its metrics, how quickly /health answers, and its heap.
 */

/** The value of an unlabelled metric of the app, read in process; undefined if it has none. */
export async function metricValue(t: TestApp, name: string): Promise<number | undefined> {
  const metric = t.app.get(Registry, { strict: false }).getSingleMetric(name);
  if (!metric) return undefined;
  return (await metric.get()).values[0]?.value;
}

/** Reads `probe` every `everyMs` until stopped, and keeps the highest value. */
export function sampleMax(probe: () => Promise<number>, everyMs = 25): { stop(): Promise<number> } {
  let highest = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      highest = Math.max(highest, await probe());
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return highest;
    },
  };
}

/** Asks /health every `everyMs` until stopped; resolves with the slowest answer, in ms. */
export function watchHealth(t: TestApp, everyMs = 200): { stop(): Promise<number> } {
  return sampleMax(async () => {
    const started = Date.now();
    const res = await t.http().get('/health').timeout(5000);
    return res.status === 200 ? Date.now() - started : Number.POSITIVE_INFINITY;
  }, everyMs);
}

/** The heap in use after a full collection (the flag is allowed at run time for this purpose). */
export function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
