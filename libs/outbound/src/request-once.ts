import type { IncomingHttpHeaders } from 'node:http';
import * as http from 'node:http';
import * as https from 'node:https';
import { guardedLookup, guardPeer, type ResolveHost } from './address-guards';
import { OutboundFailed } from './outbound-failed';
import { isTestOrigin, type OutboundPolicy } from './outbound-policy';
import { OutboundRefused } from './outbound-refused';
import { readBody, type BodyRules } from './read-body';
import type { OutboundResponse } from './send-outbound';

export interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
}

interface Limits {
  /** When the whole exchange (all hops) must be over, in epoch milliseconds. */
  deadline: number;
  timeoutMs: number;
  body: BodyRules;
  resolveHost: ResolveHost;
  /**
   * Whether a redirect answered here will be followed: its body is then not read at all, and
   * `accept` is not asked about it.
   */
  followsRedirect: boolean;
  /** The caller's say on a final answer before its body is read (see `OutboundRequest.accept`). */
  accept?: (status: number, headers: IncomingHttpHeaders) => string | null;
}

export const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One request and its whole answer, no redirects; the URL has already been checked. */
export function requestOnce(
  hop: Hop,
  policy: OutboundPolicy,
  limits: Limits,
): Promise<OutboundResponse> {
  // A test origin is called as it is; everything else goes through both address guards.
  const guarded = !isTestOrigin(hop.url, policy);
  const client = hop.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const headers = { ...hop.headers };
    if (hop.body) headers['content-length'] = String(hop.body.length);
    const req = client.request(hop.url, {
      method: hop.method,
      headers,
      // A fresh connection each time: a pooled socket would skip the connect-time check.
      agent: false,
      lookup: guarded ? guardedLookup(limits.resolveHost) : undefined,
    });
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      return true;
    };
    const fail = (error: Error) => {
      if (!settle()) return;
      req.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new OutboundFailed('timeout', `no complete answer within ${limits.timeoutMs} ms`)),
      Math.max(0, limits.deadline - Date.now()),
    );
    if (guarded) req.on('socket', guardPeer);
    req.on('error', (error) => fail(asOutboundError(error)));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const answer = (body: Buffer) => {
        if (settle()) resolve({ status, headers: res.headers, body, url: hop.url.href });
      };
      if (limits.followsRedirect && REDIRECTS.has(status) && res.headers.location) {
        res.destroy();
        return answer(Buffer.alloc(0));
      }
      const unwanted = limits.accept?.(status, res.headers);
      if (unwanted) {
        res.destroy();
        return fail(new OutboundFailed('unwanted_answer', unwanted));
      }
      // Announced too large: refused before a byte of it is read. A reader that stops early
      // (`stopAfter`) may still find what it needs in the first part of a long document.
      const announced = Number(res.headers['content-length'] ?? 0);
      if (!limits.body.stopAfter && announced > limits.body.maxBytes) {
        res.destroy();
        return fail(new OutboundFailed('response_too_large', `over ${limits.body.maxBytes} bytes`));
      }
      readBody(res, limits.body).then(answer, fail);
    });
    req.end(hop.body);
  });
}

function asOutboundError(error: Error): Error {
  if (error instanceof OutboundRefused || error instanceof OutboundFailed) return error;
  return new OutboundFailed('network', error.message, { cause: error });
}
