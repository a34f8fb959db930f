/** Who made the request, as established by a valid access token. */
export interface AuthUser {
  userId: string;
  /** The sign-in session (refresh-token family) the access token belongs to. */
  sessionId: string;
  /** When the access token expires (epoch milliseconds): a socket must renew it before then. */
  expiresAt: number;
}

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  typ: 'access';
  /** Set by the signer (seconds); also given when re-issuing the pair of a grace refresh. */
  iat?: number;
  exp?: number;
}

export interface RefreshTokenClaims {
  sub: string;
  sid: string;
  jti: string;
  typ: 'refresh';
  iat?: number;
}

export const ACCESS_COOKIE = 'access_token';
export const REFRESH_COOKIE = 'refresh_token';
/** The refresh cookie is only ever sent to the auth routes that need it. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
