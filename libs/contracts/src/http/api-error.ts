/** Every error response of the REST API has this shape (Nest's, plus optional details). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

/** One invalid field of a request, as listed in a 400's `details`. */
export interface FieldError {
  field: string;
  messages: string[];
}
