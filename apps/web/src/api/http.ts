import type { ApiErrorBody } from '@app/contracts';

/** An API answer other than 2xx, in the API's error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Seconds to wait, for a 429. */
  get retryAfterSec(): number | undefined {
    const details = this.details as { retryAfterSec?: unknown } | undefined;
    return typeof details?.retryAfterSec === 'number' ? details.retryAfterSec : undefined;
  }
}

let refreshing: Promise<boolean> | null = null;
let onSignedOut: () => void = () => undefined;

/** Called when the session cannot be renewed (refresh refused): show the sign-in screen. */
export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

/**
 * Renews the access cookie with the refresh cookie; concurrent callers share one request, so a
 * burst of 401s rotates the refresh token once (a second rotation would look like token theft).
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin' })
    .then((res) => res.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** JSON request to `/api/v1…` with the session cookies; an expired access token is renewed once. */
export async function api<T>(
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<T> {
  const send = () =>
    fetch(`/api/v1${path}`, {
      ...init,
      credentials: 'same-origin',
      headers: {
        ...(init.json !== undefined && { 'Content-Type': 'application/json' }),
        ...init.headers,
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
  let res = await send();
  if (res.status === 401 && !path.startsWith('/auth/')) {
    if (await refreshSession()) res = await send();
    if (res.status === 401) onSignedOut();
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const error = body as Partial<ApiErrorBody> | null;
    throw new ApiError(
      res.status,
      error?.message ?? `Request failed (${res.status})`,
      error?.details,
    );
  }
  return body as T;
}

/** A readable sentence for any error a call can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'Cannot reach the server. Check your connection.';
  return error instanceof Error ? error.message : 'Something went wrong';
}
