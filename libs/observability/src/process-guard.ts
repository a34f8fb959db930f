import type { LoggerService } from '@nestjs/common';

/** Of one kind of failure, at most one line per this long (a Redis outage fails every publish). */
const REPEAT_QUIET_MS = 10_000;

/**
 * The last line of defence, for promises that libraries drop without a handler (the Socket.IO
 * Redis adapter publishes without catching, so a Redis outage would otherwise end the process):
 * such a rejection is logged, at most once per 10 s per message, and the process carries on.
 * An uncaught exception still ends the process (its state can no longer be trusted), but is
 * logged first.
 */
export function guardProcess(logger: LoggerService): void {
  const lastLogged = new Map<string, { at: number; suppressed: number }>();
  process.on('unhandledRejection', (reason: unknown) => {
    const key = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    const now = Date.now();
    const last = lastLogged.get(key);
    if (last && now - last.at < REPEAT_QUIET_MS) {
      last.suppressed += 1;
      return;
    }
    if (lastLogged.size > 1000) lastLogged.clear();
    lastLogged.set(key, { at: now, suppressed: 0 });
    const repeated = last?.suppressed ? ` (${last.suppressed} more like it not logged)` : '';
    logger.error({ err: reason }, `A promise failed with nobody to handle it${repeated}`);
  });
  process.on('uncaughtException', (error: Error) => {
    logger.fatal?.({ err: error }, 'Uncaught exception; the process ends');
    process.exitCode = 1;
    // Give the log a moment to reach its destination.
    setTimeout(() => process.exit(1), 200).unref();
  });
}
