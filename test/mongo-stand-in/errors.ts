import type { Doc } from './documents';
import { formatKeyValue } from './documents';

/**
 * The server error codes the stand-in answers with, named as MongoDB names them: the driver and
 * the adapters tell errors apart by these numbers and names, never by the text.
 */
export const CODES = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  DocumentValidationFailure: 121,
  OperationNotSupportedInTransaction: 263,
  TransactionTooOld: 225,
  NoSuchTransaction: 251,
  DuplicateKey: 11000,
} as const;

export type CodeName = keyof typeof CODES;

/** Errors for which the driver's `withTransaction` runs the whole transaction again. */
const TRANSIENT_IN_TRANSACTION = new Set<number>([CODES.WriteConflict, CODES.NoSuchTransaction]);

/** An error the server answers to a command, as `{ ok: 0, errmsg, code, codeName }`. */
export class CommandError extends Error {
  readonly code: number;

  constructor(
    readonly codeName: CodeName,
    message: string,
    /** More fields of the answer: `keyPattern` and `keyValue` of a duplicate key. */
    readonly extra: Doc = {},
  ) {
    super(message);
    this.code = CODES[codeName];
  }

  /** The labels a driver reads to decide on a retry; only transactions get any here. */
  labels(inTransaction: boolean): string[] {
    return inTransaction && TRANSIENT_IN_TRANSACTION.has(this.code)
      ? ['TransientTransactionError']
      : [];
  }

  /** The answer as the server sends it: the whole command failed. */
  toReply(inTransaction: boolean): Doc {
    const labels = this.labels(inTransaction);
    return {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: this.codeName,
      ...this.extra,
      ...(labels.length > 0 ? { errorLabels: labels } : {}),
    };
  }

  /** One entry of `writeErrors`: a single statement of a write command failed. */
  toWriteError(index: number): Doc {
    return { index, code: this.code, codeName: this.codeName, errmsg: this.message, ...this.extra };
  }
}

/** A write two transactions (or a transaction and a plain write) both made: the later one loses. */
export const writeConflict = () =>
  new CommandError(
    'WriteConflict',
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
  );

/**
 * MongoDB's E11000, worded like the server's so that code looking for the index name in the
 * message (as `isDuplicateKey` does) finds it.
 */
export function duplicateKey(
  namespace: string,
  indexName: string,
  keyPattern: Doc,
  keyValue: Doc,
): CommandError {
  return new CommandError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${namespace} index: ${indexName} dup key: ${formatKeyValue(keyValue)}`,
    { keyPattern, keyValue },
  );
}

/** Any failure as a `CommandError`: mingo's own errors are bad input in MongoDB's terms. */
export function asCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/unknown (update )?operator|unknown top level operator/i.test(message)) {
    return new CommandError('FailedToParse', message);
  }
  return new CommandError('BadValue', message);
}
