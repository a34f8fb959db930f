/** Where the server may send requests on a client's behalf. */
export interface OutboundPolicy {
  /**
   * Host names that may be called: exact names (`fcm.googleapis.com`) or `*.suffix` patterns
   * (`*.push.apple.com` matches `web.push.apple.com`, not `push.apple.com` itself). Without a list
   * any host may be called, as long as its addresses are public.
   */
  allowHosts?: readonly string[];
  /**
   * URL schemes that may be called; https only when not given. Plain http is for callers that
   * send nothing secret and read public pages (link previews), never for push.
   */
  protocols?: readonly OutboundProtocol[];
  /** Ports allowed, whatever the scheme; 443 when not given. */
  allowPorts?: readonly number[];
  /**
   * Exact origins (`http://127.0.0.1:45123`) called despite plain http and a loopback address,
   * with no other check, so that a test suite can stand up a local push service. FOR TEST SUITES
   * ONLY: callers fill it from an explicit test-only setting, never from anything a client sends,
   * and leave it empty in production.
   */
  testOrigins: readonly string[];
}

export type OutboundProtocol = 'https:' | 'http:';

/** Whether the URL's origin is one of the policy's test origins, compared exactly. */
export function isTestOrigin(url: URL, policy: OutboundPolicy): boolean {
  return policy.testOrigins.some((origin) => sameOrigin(origin, url.origin));
}

function sameOrigin(configured: string, origin: string): boolean {
  try {
    return new URL(configured).origin === origin;
  } catch {
    return false;
  }
}
