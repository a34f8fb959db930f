import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdFor } from './request-id';

const context = new AsyncLocalStorage<string>();

/**
 * The id of the HTTP request (or RabbitMQ message) being handled, wherever the code runs, so
 * messages sent to other services on its behalf carry it in their headers.
 */
export function currentRequestId(): string | undefined {
  return context.getStore();
}

/** Express middleware: the rest of the request runs with its id in context. */
export function requestContextMiddleware(
  req: IncomingMessage,
  res: ServerResponse,
  next: NextFunction,
): void {
  context.run(requestIdFor(req, res), next);
}

/** Runs `work` with `id` as the current request id (a socket event, a background job). */
export function runWithRequestId<T>(id: string, work: () => T): T {
  return context.run(id, work);
}
