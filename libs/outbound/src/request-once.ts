import * as http from 'node:http';
import * as https from 'node:https';
import { guardedLookup, guardPeer, type ResolveHost } from './address-guards';
import { OutboundFailed } from './outbound-failed';
import { isTestOrigin, type OutboundPolicy } from './outbound-policy';
import { OutboundRefused } from './outbound-refused';
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
  maxResponseBytes: number;
  resolveHost: ResolveHost;
}

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
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
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
      const tooLarge = () =>
        fail(new OutboundFailed('response_too_large', `over ${limits.maxResponseBytes} bytes`));
      if (Number(res.headers['content-length'] ?? 0) > limits.maxResponseBytes) return tooLarge();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxResponseBytes) return tooLarge();
        chunks.push(chunk);
      });
      res.on('error', (error) => fail(asOutboundError(error)));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        resolve({ status, headers: res.headers, body: Buffer.concat(chunks), url: hop.url.href });
      });
    });
    req.end(hop.body);
  });
}

function asOutboundError(error: Error): Error {
  if (error instanceof OutboundRefused || error instanceof OutboundFailed) return error;
  return new OutboundFailed('network', error.message, { cause: error });
}
