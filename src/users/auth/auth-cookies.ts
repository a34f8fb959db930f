import type { CookieOptions, Response } from 'express';
import { ACCESS_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '@app/auth';
import type { AuthSession } from '@app/contracts';

const base = (secure: boolean): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure });

/** What the sign-in routes tell Swagger's readers of the cookies they set. */
export const SETS_COOKIES =
  "Answers the tokens and sets them as HTTP-only cookies, which sign in the browser (the web app). Requests from Swagger UI carry no cookies and take none: this does not replace the web app's session in the same browser; put `accessToken` into Authorize.";

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
