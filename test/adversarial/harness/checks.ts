import { ERROR_CODES, isAckErrorCode, isErrorCode } from '@app/contracts';
import type { RawResponse } from './raw-http';

/**
 * Traces of internals: a stack frame (`at fn (file:1:2)`), a source or installed file path. The
 * generators never put such text in a request, so an echo of input cannot trip this.
 */
const LEAKS: RegExp[] = [
  /\bat (?:async )?[\w$.<>[\]]+ \(/,
  /\bat (?:\/|node:)[^\s]+:\d+:\d+/,
  /[\w-]+\.(?:ts|js|mjs|cjs):\d+(?::\d+)?/,
  /(?:\/work\/|\/node_modules\/|\/src\/[\w/-]+\.|\/libs\/[\w/-]+\.)/,
];

export function leakIn(text: string): string | undefined {
  return LEAKS.find((pattern) => pattern.test(text))?.source;
}

/**
 * The problems of one REST answer, as short labels for grouping (empty when it is fine): a 5xx
 * (but a 503 the operation documents, "try again later", is its contract), an error body not in
 * the `{statusCode, code, error, message}` shape (its code one of its status), internals in the body.
 */
export function httpProblems(
  res: RawResponse,
  { documented = [], apiShape = true }: { documented?: number[]; apiShape?: boolean } = {},
): string[] {
  const problems: string[] = [];
  if (res.status >= 500 && !(res.status === 503 && documented.includes(503)))
    problems.push(`HTTP ${res.status}`);
  // 431 comes from Node's HTTP parser (headers over 16 KiB), before any code of the app runs.
  if (res.status >= 400 && res.status !== 431 && apiShape) {
    const shape = errorShapeProblem(res);
    if (shape) problems.push(shape);
  }
  const leak = res.status >= 400 ? leakIn(res.text) : undefined;
  if (leak) problems.push('stack trace or file path in the body');
  return problems;
}

function errorShapeProblem(res: RawResponse): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return `error body is not JSON (${String(res.headers['content-type'])})`;
  }
  const { statusCode, code, error, message } = (body ?? {}) as Record<string, unknown>;
  if (statusCode !== res.status || typeof error !== 'string' || typeof message !== 'string')
    return 'error body is not {statusCode, error, message}';
  if (!isErrorCode(code) || ERROR_CODES[code].status !== res.status)
    return `error code ${String(code)} is not one of status ${res.status}`;
  return undefined;
}

/** The problems of one acknowledgement (empty when it is `{ok:true,data}` or a typed error). */
export function ackProblems(ack: unknown): string[] {
  if (typeof ack !== 'object' || ack === null || !('ok' in ack)) return ['ack is not {ok, …}'];
  const problems: string[] = [];
  const { ok, error } = ack as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (ok === false) {
    // An ack may carry any code of the vocabulary but the REST-only ones; `internal` is a bug.
    if (error?.code === 'internal') problems.push('ack internal');
    else if (!isErrorCode(error?.code) || !isAckErrorCode(error.code))
      problems.push(`ack error code ${String(error?.code)}`);
    if (typeof error?.message !== 'string') problems.push('ack error without message');
    // Only errors are searched: a successful ack carries whatever people stored.
    if (leakIn(safeJson(error))) problems.push('stack trace or file path in the ack');
  } else if (ok !== true) problems.push('ack ok is not a boolean');
  return problems;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
