/**
 * Entry point of the app under attack, run as a child process of the adversarial suites (see
 * child-app.ts for why a child). It boots exactly what `startTestApp` boots and tells the parent
 * where it listens, which secrets it signs with and which route handlers are `@Public()`, over the
 * IPC channel.
 */
import 'reflect-metadata';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from '../../../libs/auth/src/public.decorator';
import { startTestApp } from '../../test-app';

/** A route handler as Nest knows it; `operationId` is how @nestjs/swagger names its operation. */
export interface RouteHandler {
  operationId: string;
  isPublic: boolean;
}

export interface ChildReady {
  type: 'ready';
  url: string;
  accessSecret: string;
  refreshSecret: string;
  handlers: RouteHandler[];
}

/**
 * Publicness as the guard reads it: the handler's and controller's metadata (the handler's value
 * wins, as with `Reflector.getAllAndOverride`). The OpenAPI document marks the same routes with
 * `security: []` (libs/http/src/swagger-public-routes.ts); the handlers listed here also show any
 * the document lacks.
 */
function routeHandlers(modules: ModulesContainer): RouteHandler[] {
  const handlers: RouteHandler[] = [];
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const classPublic = Reflect.getMetadata(IS_PUBLIC, controller) as boolean | undefined;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const own = Reflect.getMetadata(IS_PUBLIC, handler) as boolean | undefined;
        handlers.push({
          operationId: `${controller.name}_${name}`,
          isPublic: (own ?? classPublic) === true,
        });
      }
    }
  }
  return handlers;
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
