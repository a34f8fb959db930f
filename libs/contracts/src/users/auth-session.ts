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
