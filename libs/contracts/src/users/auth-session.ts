import type { OwnUserProfile } from './public-user-profile';

/** Answer of every sign-in and of a refresh. The same tokens are also set as HTTP-only cookies. */
export interface AuthSession {
  tokenType: 'Bearer';
  accessToken: string;
  accessTokenExpiresInSec: number;
  refreshToken: string;
  refreshTokenExpiresInSec: number;
  user: OwnUserProfile;
}

/** One place a person is signed in, as their sessions list shows it. */
export interface SessionView {
  id: string;
  /** From the User-Agent at sign-in: "Firefox on Linux", or "Unknown device". */
  device: string;
  createdAt: string;
  /** The sign-in, or the latest token refresh (every 15 minutes while the app is open). */
  lastActiveAt: string;
  /** The session making this request. */
  current: boolean;
}
