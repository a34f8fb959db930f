import type { ApiErrorBody, AuthSession } from '@app/contracts';
import { commonText } from '../i18n/i18n';

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

/**
 * An access token the page holds itself (the cookie's copy is out of its reach), for the socket's
 * `auth:renew` and handshake. Times are the client's clock, from `accessTokenExpiresInSec`, so a
 * server clock that is off does not move them.
 */
export interface AccessGrant {
  token: string;
  receivedAt: number;
  expiresAt: number;
}

let refreshing: Promise<boolean> | null = null;
let onSignedOut: () => void = () => undefined;
let latestGrant: AccessGrant | null = null;
const grantListeners = new Set<(grant: AccessGrant) => void>();

/** Called when the session cannot be renewed (refresh refused): show the sign-in screen. */
export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

/** Keeps the access token of a sign-in or refresh answer, and hands it to every listener. */
export function rememberSession(
  session: Pick<AuthSession, 'accessToken' | 'accessTokenExpiresInSec'>,
): void {
  const receivedAt = Date.now();
  const grant = {
    token: session.accessToken,
    receivedAt,
    expiresAt: receivedAt + session.accessTokenExpiresInSec * 1000,
  };
  latestGrant = grant;
  grantListeners.forEach((listener) => listener(grant));
}

/** On sign-out: a token of the ended session must not authenticate the next one's socket. */
export function forgetSession(): void {
  latestGrant = null;
}

/** The newest access token the page holds; null after a reload, until the next refresh. */
export function latestAccessGrant(): AccessGrant | null {
  return latestGrant;
}

/** Calls `listener` with each new access token of this page (a sign-in, or a refresh for any caller); returns an unsubscribe. */
export function onAccessGrant(listener: (grant: AccessGrant) => void): () => void {
  grantListeners.add(listener);
  return () => {
    grantListeners.delete(listener);
  };
}

/**
 * Renews the access cookie with the refresh cookie; concurrent callers share one request, so a
 * burst of 401s rotates the refresh token once (a second rotation would look like token theft).
 * The new access token also goes to `onAccessGrant` listeners before this resolves, so a socket
 * reconnecting on `true` already uses it.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= requestRefresh().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function requestRefresh(): Promise<boolean> {
  const res = await fetch('/api/v1/auth/refresh', {
    method: 'POST',
    credentials: 'same-origin',
  }).catch(() => null);
  if (!res?.ok) return false;
  const body = (await res.json().catch(() => null)) as Partial<AuthSession> | null;
  if (typeof body?.accessToken === 'string' && typeof body.accessTokenExpiresInSec === 'number') {
    rememberSession({
      accessToken: body.accessToken,
      accessTokenExpiresInSec: body.accessTokenExpiresInSec,
    });
  }
  return true;
}

/**
 * Whether a 401 from `path` means an expired access token, to renew: not for signing in, out or
 * refreshing (`/auth/…`, whose 401 is the answer), but for the signed-in person's sessions.
 */
const renewsOn401 = (path: string) =>
  !path.startsWith('/auth/') || path === '/auth/sessions' || path.startsWith('/auth/sessions/');

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
  if (res.status === 401 && renewsOn401(path)) {
    if (await refreshSession()) res = await send();
    if (res.status === 401) onSignedOut();
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const error = body as Partial<ApiErrorBody> | null;
    throw new ApiError(
      res.status,
      error?.message ?? commonText('errors.requestFailed', { status: res.status }),
      error?.details,
    );
  }
  return body as T;
}

/** A readable sentence for any error a call can throw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return commonText('errors.unreachable');
  return error instanceof Error ? error.message : commonText('errors.unknown');
}
