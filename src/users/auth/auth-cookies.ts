import type { CookieOptions, Response } from 'express';
import { ACCESS_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '@app/auth';
import type { AuthSession } from '@app/contracts';

const base = (secure: boolean): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure });

/** The same tokens as in the JSON answer, as HTTP-only cookies (`Secure` in production). */
export function setAuthCookies(res: Response, session: AuthSession, secure: boolean): void {
  res.cookie(ACCESS_COOKIE, session.accessToken, {
    ...base(secure),
    path: '/',
    maxAge: session.accessTokenExpiresInSec * 1000,
  });
  res.cookie(REFRESH_COOKIE, session.refreshToken, {
    ...base(secure),
    path: REFRESH_COOKIE_PATH,
    maxAge: session.refreshTokenExpiresInSec * 1000,
  });
}

export function clearAuthCookies(res: Response, secure: boolean): void {
  res.clearCookie(ACCESS_COOKIE, { ...base(secure), path: '/' });
  res.clearCookie(REFRESH_COOKIE, { ...base(secure), path: REFRESH_COOKIE_PATH });
}
