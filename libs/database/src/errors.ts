const UNIQUE_VIOLATION = '23505';

/** Drizzle wraps driver errors; this looks through the wrapper for PostgreSQL's SQLSTATE. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (
    let e: unknown = error;
    e instanceof Error || isRecord(e);
    e = (e as { cause?: unknown }).cause
  ) {
    const candidate = e as { code?: unknown; constraint?: unknown };
    if (candidate.code === UNIQUE_VIOLATION) {
      return (
        constraint === undefined || candidate.constraint === constraint || mentions(e, constraint)
      );
    }
    if (!('cause' in (e as object))) break;
  }
  return false;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const mentions = (error: unknown, constraint: string) =>
  error instanceof Error && error.message.includes(constraint);
