import type { IncomingHttpHeaders } from 'node:http';
import { checkOutboundUrl } from './check-outbound-url';
import { OutboundRefused } from './outbound-refused';
import type { OutboundPolicy } from './outbound-policy';
import { resolveWithSystem, type ResolveHost } from './address-guards';
import { DECODED_ENCODINGS } from './read-body';
import { REDIRECTS, requestOnce } from './request-once';

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Readonly<Record<string, string>>;
  body?: Buffer;
  /** For everything: connecting, sending and reading the whole answer, over all redirects. */
  timeoutMs: number;
  /** A longer answer is cut off and the request fails with `response_too_large`. */
  maxResponseBytes: number;
  /**
   * How many redirects (301, 302, 303, 307, 308) to follow, each new URL checked again like the
   * first. 0 by default: a redirect is then returned as it is, like any other answer.
   */
  followRedirects?: number;
  /**
   * Looks at a final answer's status and headers before any of its body is read: a reason to
   * turn it down (the request then fails with `unwanted_answer` and nothing more is read), or
   * null to read it. A caller that wants one kind of document says so here.
   */
  accept?: (status: number, headers: IncomingHttpHeaders) => string | null;
  /** Ask for gzip, deflate or br and decode it here, the cap counting decoded bytes (`BodyRules`). */
  decompress?: boolean;
  /** Stop reading once the body so far matches (see `BodyRules.stopAfter`). */
  stopAfter?: RegExp;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that gave this answer: the request's, or the last one redirected to. */
  url: string;
}

export interface SendOutboundOptions {
  /** How host names are resolved; tests give their own to point a name at a chosen address. */
  resolveHost?: ResolveHost;
}

/**
 * Makes one HTTP request to a URL a client gave us, safe from server-side request forgery: the
 * URL is checked (`checkOutboundUrl`), every address a host name resolves to must be public, and
 * so must the address the socket really connects to. Fails with `OutboundRefused` when the
 * policy forbids the call and with `OutboundFailed` when an allowed call does not complete.
 */
export async function sendOutbound(
  request: OutboundRequest,
  policy: OutboundPolicy,
  options: SendOutboundOptions = {},
): Promise<OutboundResponse> {
  const deadline = Date.now() + request.timeoutMs;
  const resolveHost = options.resolveHost ?? resolveWithSystem;
  const followRedirects = request.followRedirects ?? 0;
  let hop = {
    url: checkOutboundUrl(request.url, policy),
    method: request.method.toUpperCase(),
    headers: {
      ...request.headers,
      ...(request.decompress && { 'accept-encoding': DECODED_ENCODINGS }),
    },
    body: request.body,
  };
  for (let redirects = 0; ; redirects++) {
    const response = await requestOnce(hop, policy, {
      deadline,
      timeoutMs: request.timeoutMs,
      body: {
        maxBytes: request.maxResponseBytes,
        decompress: request.decompress,
        stopAfter: request.stopAfter,
      },
      resolveHost,
      followsRedirect: redirects < followRedirects,
      accept: request.accept,
    });
    const location = response.headers.location;
    if (!REDIRECTS.has(response.status) || !location) return response;
    if (redirects >= followRedirects) return response;
    const url = checkOutboundUrl(resolveLocation(location, hop.url), policy);
    // Browsers turn a redirected POST into a GET on 301, 302 and 303; 307 and 308 keep the method
    // and the body.
    const toGet =
      response.status === 303 || ([301, 302].includes(response.status) && hop.method === 'POST');
    hop = {
      url,
      method: toGet && hop.method !== 'HEAD' ? 'GET' : hop.method,
      headers: nextHeaders(hop.headers, url.origin !== hop.url.origin, toGet),
      body: toGet ? undefined : hop.body,
    };
  }
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new OutboundRefused('bad_url', 'unreadable redirect location');
  }
}

/** Credentials are for the origin they were meant for; a body's headers go with the body. */
function nextHeaders(
  headers: Record<string, string>,
  crossOrigin: boolean,
  dropBody: boolean,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => {
      const lower = name.toLowerCase();
      if (crossOrigin && ['authorization', 'cookie', 'proxy-authorization'].includes(lower))
        return false;
      return !(dropBody && (lower.startsWith('content-') || lower === 'content-length'));
    }),
  );
}
