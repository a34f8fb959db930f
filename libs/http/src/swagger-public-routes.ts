import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { IS_PUBLIC } from '@app/auth';

/**
 * The operationIds (as @nestjs/swagger names them: `Controller_method`) of the route handlers
 * reachable without signing in, read where the access-token guard reads it: the handler's
 * `@Public()`, else its controller's.
 */
function publicOperationIds(app: INestApplication): Set<string> {
  const ids = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
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
        if ((own ?? classPublic) === true) ids.add(`${controller.name}_${name}`);
      }
    }
  }
  return ids;
}

/**
 * Gives every public operation `security: []`, which overrides the document's global bearer
 * requirement: Swagger UI then shows no lock on it, and clients see it needs no token.
 */
export function markPublicOperations(app: INestApplication, document: OpenAPIObject): void {
  const ids = publicOperationIds(app);
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (operation?.operationId && ids.has(operation.operationId)) operation.security = [];
    }
  }
}
