import { JwtService } from '@nestjs/jwt';
import type { AuthSession } from '@app/contracts';
import type { Origin } from '@app/testing';

/** A credential that must be refused, standing in for the chat's owner (the victim). */
export interface BadCredential {
  kind: string;
  /** The token to present; undefined for no credentials at all. */
  token?: string;
}

/** How a token travels: the two ways the app accepts one, per protocol. */
export type Transport = 'bearer' | 'cookie';

/** The claims of a token we were issued (to copy its session id into forged ones). */
export function claimsOf(token: string): { sub: string; sid: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
    sub: string;
    sid: string;
  };
}

const unsigned = (claims: object) =>
  `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

/**
 * Every way to hold a token for the victim's account without a live session of the victim:
 * none, garbage, expired, signed with another secret, unsigned, the refresh token, the victim's
 * `sub` on someone else's live session (`sid`), and a logged-out session's token.
 */
export async function badCredentials(
  t: Origin,
  accessSecret: string,
  victim: AuthSession & { password: string },
  someoneElse: AuthSession,
): Promise<BadCredential[]> {
  const jwt = new JwtService();
  const { sub, sid } = claimsOf(victim.accessToken);
  const now = Math.floor(Date.now() / 1000);
  const access = { sub, sid, typ: 'access' };
  // A second sign-in of the victim, then its logout: that session's access token must die with it.
  const second = await t
    .http()
    .post('/api/v1/auth/login')
    .send({ email: victim.user.email, password: victim.password });
  if (second.status !== 200) throw new Error(`second sign-in: ${second.status} ${second.text}`);
  const loggedOut = (second.body as AuthSession).accessToken;
  const logout = await t
    .http()
    .post('/api/v1/auth/logout')
    .set('Authorization', `Bearer ${loggedOut}`);
  if (logout.status !== 204) throw new Error(`logout: ${logout.status} ${logout.text}`);
  return [
    { kind: 'anonymous' },
    { kind: 'garbage token', token: 'not-a-token' },
    {
      kind: 'expired token',
      token: await jwt.signAsync(
        { ...access, iat: now - 3_600, exp: now - 60 },
        { secret: accessSecret },
      ),
    },
    {
      kind: 'forged token (wrong secret)',
      token: await jwt.signAsync(access, { secret: `${accessSecret}-not`, expiresIn: 600 }),
    },
    { kind: 'unsigned token (alg none)', token: unsigned({ ...access, iat: now, exp: now + 600 }) },
    { kind: 'refresh token as access token', token: victim.refreshToken },
    {
      kind: "victim's sub with another user's session (sid)",
      token: await jwt.signAsync(
        { ...access, sid: claimsOf(someoneElse.accessToken).sid },
        { secret: accessSecret, expiresIn: 600 },
      ),
    },
    { kind: 'logged-out session', token: loggedOut },
  ];
}

/** The request headers presenting `token` by `transport`. */
export function authHeaders(
  token: string | undefined,
  transport: Transport,
): Record<string, string> {
  if (token === undefined) return {};
  return transport === 'bearer'
    ? { authorization: `Bearer ${token}` }
    : { cookie: `access_token=${token}` };
}
