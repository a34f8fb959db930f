import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { loadConfigOrExit, StartupError } from '@app/config';
import { listenWithBacklog } from '@app/http';
import { guardProcess } from '@app/logging';
import { Logger as AppLoggerToken } from 'nestjs-pino';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  // A local `.env` is a convenience for development; real environment variables take precedence.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfigOrExit();
  const started = Date.now();
  try {
    const app = await createApp(config);
    guardProcess(app.get(AppLoggerToken));
    await listenWithBacklog(app, config.http.port);
    const storage = {
      pglite: `PGlite in ${config.dataDir}/db`,
      postgres: 'PostgreSQL',
      mongodb: 'MongoDB',
    }[config.database.kind];
    app
      .get(AppLoggerToken)
      .log(
        `Chat platform listening on http://localhost:${config.http.port} in ${Date.now() - started} ms (database: ${storage}, key-value: ${config.kv.kind})`,
      );
  } catch (error) {
    process.stderr.write(
      error instanceof StartupError
        ? `Cannot start: ${error.message}\n`
        : `Cannot start: ${String((error as Error)?.stack ?? error)}\n`,
    );
    process.exit(1);
  }
}

void bootstrap();
