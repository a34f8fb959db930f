/**
 * SQLSTATE classes and codes that mean "the database is not there right now", not "this request
 * is wrong": connection exceptions (08…), the server shutting down or starting up (57P01–57P03),
 * and too many connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_SYSCALL = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
]);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
];

/**
 * Whether a failure means a service the request needs cannot be reached (a database restarting,
 * a network blip): returned as 503 / `unavailable`, so the client tries again, instead of 500 / `internal`.
 * Looks through wrappers (Drizzle's DrizzleQueryError keeps the driver's error as `cause`).
 */
export function isServiceUnavailableError(error: unknown): boolean {
  for (
    let e: unknown = error, depth = 0;
    e !== null && typeof e === 'object' && depth < 5;
    depth += 1
  ) {
    const { code, name, message, cause } = e as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (
      typeof code === 'string' &&
      (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SYSCALL.has(code))
    )
      return true;
    if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
    if (
      typeof message === 'string' &&
      UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))
    )
      return true;
    e = cause;
  }
  return false;
}

export const SERVICE_UNAVAILABLE_MESSAGE =
  'A service this needs is unavailable for a moment; try again shortly';
