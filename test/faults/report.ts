import request from 'supertest';
import type { Origin, AppProcess } from '@app/testing';

/**
 * What every faulted app runs with: limits far above what the scenarios send, because a 429
 * would hide the fault being tested; the info log is kept so a failure can show the app's errors.
 */
export const FAULT_APP_ENV: Record<string, string> = {
  LOG_LEVEL: 'info',
  RATE_LIMIT_PER_MINUTE: '1000000',
  AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  MESSAGE_RATE_LIMIT: '100000',
};

export const originOf = (url: string): Origin => ({ url, http: () => request(url) });

interface Check {
  name: string;
  ok: boolean;
  observed: string;
}

/**
 * A scenario's numbers and verdicts. Every check is recorded and printed, and the test then fails
 * once listing all failed checks: a fault usually breaks several things, and the first failed
 * `expect` alone would hide the rest.
 */
export class FaultReport {
  private readonly notes: string[] = [];
  private readonly checks: Check[] = [];
  private readonly started = Date.now();

  constructor(private readonly title: string) {}

  note(line: string): void {
    this.notes.push(line);
  }

  check(name: string, ok: boolean, observed: string): void {
    this.checks.push({ name, ok, observed });
  }

  failed(): string[] {
    return this.checks.filter((c) => !c.ok).map((c) => `${c.name} (observed: ${c.observed})`);
  }

  print(): void {
    const lines = [
      '',
      `=== ${this.title} (${((Date.now() - this.started) / 1000).toFixed(1)} s)`,
      ...this.notes.map((n) => `  ${n}`),
      ...this.checks.map((c) => `  ${c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.observed}`),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

/** The app's own error lines (pino level ≥ 50), shortened: what it said while the fault lasted. */
export function appErrors(app: Pick<AppProcess, 'logLines'>, limit = 5): string[] {
  const errors: string[] = [];
  let count = 0;
  for (const line of app.logLines()) {
    let entry: { level?: number; msg?: string; err?: { message?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < 50) continue;
    count += 1;
    // A wrapped error's message ends with its cause's (": the database system is shutting down").
    const cause = entry.err?.message?.split(': ').pop() ?? '';
    const msg = entry.msg ?? '';
    const short = shorten(cause && cause !== msg ? `${msg} → ${cause}` : msg);
    if (errors.length < limit && !errors.includes(short)) errors.push(short);
  }
  return count === 0
    ? []
    : [
        `${count} error lines in the app log, the first distinct ones:`,
        ...errors.map((e) => `  - ${e}`),
      ];
}

/** One line; a long one keeps its start and its end, where a wrapped error's cause is appended. */
function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= 240 ? line : `${line.slice(0, 90)} … ${line.slice(-150)}`;
}
