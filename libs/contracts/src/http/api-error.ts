import type { ErrorCode } from '../errors/error-codes';

/** Every error response of the REST API has this shape (Nest's, plus a code and optional details). */
export interface ApiErrorBody {
  statusCode: number;
  /** Machine-readable, the same vocabulary as socket acks; the general code of the status or a refinement of it. */
  code: ErrorCode;
  error: string;
  message: string;
  details?: unknown;
}

/** One invalid field of a request, as listed in a 400's `details`. */
export interface FieldError {
  field: string;
  messages: string[];
}
