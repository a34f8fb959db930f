/**
 * Entry point of the app under attack, run as a child process of the adversarial suites (see
 * child-app.ts for why a child). It boots exactly what `startTestApp` boots and tells the parent
 * where it listens, which secrets it signs with and which route handlers are `@Public()` (read by
 * `routeHandlers`, as the OpenAPI document's public routes are), over the IPC channel.
 */
import 'reflect-metadata';
import { ModulesContainer } from '@nestjs/core';
import { routeHandlers, type RouteHandler } from '../../../libs/http/src/swagger-public-routes';
import { startTestApp } from '../../test-app';

export type { RouteHandler };

export interface ChildReady {
  type: 'ready';
  url: string;
  accessSecret: string;
  refreshSecret: string;
  handlers: RouteHandler[];
}

async function main(): Promise<void> {
  const dataDir = process.env.ADVERSARIAL_DATA_DIR;
  if (!dataDir || !process.send) throw new Error('run by child-app.ts, with an IPC channel');
  const overrides = JSON.parse(process.env.ADVERSARIAL_APP_ENV ?? '{}') as Record<string, string>;
  const t = await startTestApp(overrides, dataDir);
  const ready: ChildReady = {
    type: 'ready',
    url: t.url,
    accessSecret: t.config.auth.accessSecret,
    refreshSecret: t.config.auth.refreshSecret,
    handlers: routeHandlers(t.app.get(ModulesContainer)),
  };
  process.send(ready);
  // The parent going away (test end, or a killed Jest worker) must not leave the app running.
  process.on('disconnect', () => void t.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`app-child failed to start: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
