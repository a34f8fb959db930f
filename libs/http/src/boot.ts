import type { INestApplication } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { Logger } from 'nestjs-pino';
import { AdapterChoices, loadConfigOrExit, StartupError, type AppConfig } from '@app/config';
import { guardProcess } from '@app/observability';
import { listenWithBacklog } from './listen';

/** A reason not to start that is the operator's to fix, told in one line (no stack). */
export class CannotStart extends Error {}

export interface BootDefinition {
  /** As in the boot log line and in "Cannot start …": `user-service`; none for the single process. */
  name?: string;
  /** Builds the app, configured but not listening (configureHttpApp has run). */
  start: (config: AppConfig) => Promise<INestApplication>;
}

/**
 * How every app of ours starts, the single process and each split service alike: `.env` (real
 * environment variables win), the validated config, the app, the process guard, the listening
 * socket, and one log line saying which adapter each module chose and where each port is served. Anything that stops it is one line on stderr
 * and exit code 1.
 */
export async function boot({ name, start }: BootDefinition): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfigOrExit();
  const started = Date.now();
  try {
    const app = await start(config);
    const logger = app.get(Logger);
    guardProcess(logger);
    await listenWithBacklog(app, config.http.port);
    logger.log(
      `${name ?? 'Chat platform'} listening on http://localhost:${config.http.port} in ${Date.now() - started} ms (${app.get(AdapterChoices).summary()})`,
    );
  } catch (error) {
    const expected = error instanceof StartupError || error instanceof CannotStart;
    const detail = error instanceof Error ? (expected ? error.message : error.stack) : error;
    process.stderr.write(`Cannot start${name ? ` ${name}` : ''}: ${String(detail)}\n`);
    process.exit(1);
  }
}
