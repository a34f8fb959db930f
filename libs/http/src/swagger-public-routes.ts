import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { IS_PUBLIC } from '@app/auth';

/** A route handler as Nest knows it; `operationId` is how @nestjs/swagger names its operation. */
export interface RouteHandler {
  operationId: string;
  isPublic: boolean;
}

/**
 * Every route handler of the app, with whether it is reachable without signing in, read where
 * the access-token guard reads it: the handler's `@Public()`, else its controller's (the
 * handler's value wins, as with `Reflector.getAllAndOverride`). The adversarial suites use the
 * same list to find the routes the document lacks.
 */
export function routeHandlers(modules: ModulesContainer): RouteHandler[] {
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

/**
 * Gives every public operation `security: []`, which overrides the document's global bearer
 * requirement: Swagger UI then shows no lock on it, and clients see it needs no token.
 */
export function markPublicOperations(app: INestApplication, document: OpenAPIObject): void {
  const ids = new Set(
    routeHandlers(app.get(ModulesContainer))
      .filter((handler) => handler.isPublic)
      .map((handler) => handler.operationId),
  );
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (operation?.operationId && ids.has(operation.operationId)) operation.security = [];
    }
  }
}
