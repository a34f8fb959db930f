import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per app, so tests that boot several apps in one process do not collide. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
