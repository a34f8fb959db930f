/** An instance's readiness probes time out at 2 s; past this it is down or hung (SIGSTOP). */
export const INSTANCE_TIMEOUT_MS = 3000;

/** `fetch`, failing after `ms` rather than waiting on a peer that accepted and never answers. */
export function fetchWithin(url: string, ms = INSTANCE_TIMEOUT_MS): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(ms) });
}

/** Why a fetch failed, in a few words: `no answer within 3000 ms`, `connect ECONNREFUSED …`. */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${INSTANCE_TIMEOUT_MS} ms`;
  // undici's "fetch failed" says nothing; its cause says what (refused, reset, unknown host).
  return error.cause instanceof Error ? error.cause.message : error.message;
}
