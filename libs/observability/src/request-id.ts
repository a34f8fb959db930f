import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE = /^[\w.:-]{1,128}$/;

/** Keeps a caller's well-formed `x-request-id` (so traces join up), otherwise mints one; echoes it back. */
export function requestIdFor(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  // Asked twice for one request (the request context and the HTTP logger): one id.
  if (typeof req.id === 'string') return req.id;
  const offered = req.headers[REQUEST_ID_HEADER];
  const id = typeof offered === 'string' && ACCEPTABLE.test(offered) ? offered : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  req.id = id;
  return id;
}

/** The id `requestIdFor` gave this request (pino-http stores it on `req.id`). */
export function requestIdOf(req: IncomingMessage & { id?: unknown }): string | undefined {
  return typeof req.id === 'string' ? req.id : undefined;
}
