/** A configured backing service that cannot be reached at boot: names the variable to fix. */
export class StartupError extends Error {
  constructor(
    readonly variable: string,
    target: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    super(`${variable}: cannot reach ${target}: ${reason}`);
    this.name = 'StartupError';
  }
}

/** The URL without its password, safe for logs and error messages. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    // Several hosts (a MongoDB replica set) are more than URL parses: blank the password by hand.
    return /^[a-z+]+:\/\/[^@/]*@/i.test(raw)
      ? raw.replace(/^([a-z+]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@')
      : raw;
  }
}
