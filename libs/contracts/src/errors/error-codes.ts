/** What one error code means, and the HTTP status it always comes with. */
export interface ErrorCodeDoc {
  status: number;
  meaning: string;
  /**
   * A more precise code for some refusals of this status: clients that know only the general
   * code of the status can treat it as that one.
   */
  refines?: string;
  /** Only REST routes give it (uploads); no socket acknowledgement carries it. */
  restOnly?: true;
}

/**
 * The machine-readable `code` of every error, in REST error bodies and socket acknowledgements
 * alike: the one vocabulary both transports use, and the source of the types and docs below.
 * Each status has one general code (no `refines`); a refinement names a case a client acts on
 * differently (a person who blocked you, a chat you left) that the status alone cannot tell apart.
 */
export const ERROR_CODES = {
  validation_failed: {
    status: 400,
    meaning:
      'the request or payload is malformed; `details` lists `[{ field, messages }]` (unknown fields are refused too)',
  },
  unauthorized: {
    status: 401,
    meaning: 'not signed in, or the token, code or password is wrong or expired',
  },
  forbidden: { status: 403, meaning: 'signed in, but not allowed to do this' },
  not_a_member: {
    status: 403,
    refines: 'forbidden',
    meaning: 'you are not a member of that chat (or it does not exist)',
  },
  blocked: {
    status: 403,
    refines: 'forbidden',
    meaning:
      'a block stands between you and the other person of a direct chat: you blocked them (the message says how to undo it), or you cannot send to them',
  },
  not_found: { status: 404, meaning: 'no such thing visible to you' },
  conflict: {
    status: 409,
    meaning: 'conflicts with what exists (an upload already used, an address already registered)',
  },
  too_large: { status: 413, restOnly: true, meaning: 'the body or upload is too large' },
  quota_exceeded: {
    status: 413,
    refines: 'too_large',
    restOnly: true,
    meaning:
      'the upload would take your uploads past your storage quota (`FILE_QUOTA`); `details` says how much is left',
  },
  unsupported_type: { status: 415, restOnly: true, meaning: 'not an accepted file type' },
  range_not_satisfiable: {
    status: 416,
    restOnly: true,
    meaning: 'a byte range that starts past the end of the file; `Content-Range` gives its size',
  },
  rate_limited: {
    status: 429,
    meaning:
      'too many requests, messages, or socket events of one kind (each has a per-person budget); retry after `retryAfterMs` (socket) or `Retry-After` / `details.retryAfterSec` (REST)',
  },
  internal: { status: 500, meaning: 'a bug on our side' },
  unavailable: {
    status: 503,
    meaning:
      'the server is busy or a service it needs is down; send again shortly (with the same `clientMessageId`)',
  },
} as const satisfies Record<string, ErrorCodeDoc>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes a failed socket acknowledgement can carry: every code but the REST-only ones. */
export type AckErrorCode = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C] extends { restOnly: true } ? never : C;
}[ErrorCode];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

export function isAckErrorCode(code: ErrorCode): code is AckErrorCode {
  const doc: ErrorCodeDoc = ERROR_CODES[code];
  return doc.restOnly !== true;
}
