import { Injectable } from '@nestjs/common';

export interface ReadinessCheck {
  /** Shown in `/health/ready`, e.g. `database`. */
  name: string;
  /** What is configured, e.g. `pglite` or `redis`; never a secret. */
  kind: string;
  /** Resolves when the backing service answers; rejects with the reason otherwise. */
  probe(): Promise<void>;
}

export interface CheckResult {
  status: 'up' | 'down';
  kind: string;
  latencyMs: number;
  error?: string;
}

const PROBE_TIMEOUT_MS = 2000;

/** Backing services register their probes here; `/health/ready` runs them all. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  async runAll(): Promise<Record<string, CheckResult>> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async (check) => [check.name, await run(check)] as const),
    );
    return Object.fromEntries(entries);
  }
}

async function run(check: ReadinessCheck): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.probe(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', kind: check.kind, latencyMs: elapsed(started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'down', kind: check.kind, latencyMs: elapsed(started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;
