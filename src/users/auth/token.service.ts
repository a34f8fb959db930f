import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import {
  SessionStore,
  type AccessTokenClaims,
  type NextRefresh,
  type RefreshTokenClaims,
} from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { AuthSession } from '@app/contracts';
import { UsersRepository, type UserRecord } from '../persistence/users.repository';
import { toOwnProfile } from '../users.mapper';
import { deviceLabel } from './device-label';
import { NewSignInAlerts } from './new-sign-in-alerts';

/** Issues access and refresh tokens for sign-in sessions and rotates them. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionStore,
    private readonly alerts: NewSignInAlerts,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new session on the device the User-Agent names (for the person's sessions list). */
  async startSession(user: UserRecord, userAgent: string | undefined): Promise<AuthSession> {
    const device = deviceLabel(userAgent);
    const sessionId = await this.sessions.create(user.id, device);
    await this.alerts.signedIn(user.id, device, sessionId);
    return this.issue(user, sessionId);
  }

  /** Rotates: the presented token stops working; presenting it again ends the whole session. */
  async refresh(refreshToken: string | undefined): Promise<AuthSession> {
    const claims = await this.verifyRefresh(refreshToken, false);
    const rotation = await this.sessions.rotate(claims.sid, claims.jti);
    if (rotation.outcome === 'reused') {
      throw new UnauthorizedException(
        'This refresh token was already used, so the session has been ended for safety: sign in again',
      );
    }
    if (rotation.outcome === 'revoked')
      throw new UnauthorizedException('Session ended: sign in again');
    const user = await this.users.findById(claims.sub);
    if (!user) throw new UnauthorizedException('Account no longer exists');
    return this.issue(user, claims.sid, rotation.next);
  }

  /** Ends the session a refresh or access token belongs to, even if that token has expired. */
  async endSession(tokens: { refreshToken?: string; accessToken?: string }): Promise<void> {
    const sessionIds = await Promise.all([
      this.sessionIdOf(tokens.refreshToken, this.config.auth.refreshSecret),
      this.sessionIdOf(tokens.accessToken, this.config.auth.accessSecret),
    ]);
    await Promise.all(
      [...new Set(sessionIds)]
        .filter((id): id is string => !!id)
        .map((id) => this.sessions.revoke(id)),
    );
  }

  /**
   * Signs the pair. `next` fixes the refresh token's id and the issue time: HS256 is deterministic,
   * so a second refresh within the reuse grace gets exactly the pair the first one got.
   */
  /** Ends every session of the user, on every device; their open sockets close within a second. */
  async endAllSessionsOf(userId: string): Promise<void> {
    await this.sessions.revokeAllOf(userId);
  }

  private async issue(
    user: UserRecord,
    sessionId: string,
    next: NextRefresh = { jti: randomUUID(), iat: Math.floor(Date.now() / 1000) },
  ): Promise<AuthSession> {
    const { accessSecret, refreshSecret, accessTtlSec, refreshTtlSec } = this.config.auth;
    const access: AccessTokenClaims = {
      sub: user.id,
      sid: sessionId,
      typ: 'access',
      iat: next.iat,
    };
    const refresh: RefreshTokenClaims = {
      sub: user.id,
      sid: sessionId,
      jti: next.jti,
      typ: 'refresh',
      iat: next.iat,
    };
    const [accessToken, refreshToken] = await Promise.all([
      this.jwt.signAsync(access, { secret: accessSecret, expiresIn: accessTtlSec }),
      this.jwt.signAsync(refresh, { secret: refreshSecret, expiresIn: refreshTtlSec }),
    ]);
    return {
      tokenType: 'Bearer',
      accessToken,
      accessTokenExpiresInSec: accessTtlSec,
      refreshToken,
      refreshTokenExpiresInSec: refreshTtlSec,
      user: toOwnProfile(user),
    };
  }

  private async verifyRefresh(
    token: string | undefined,
    ignoreExpiration: boolean,
  ): Promise<RefreshTokenClaims> {
    if (!token) {
      throw new UnauthorizedException(
        'No refresh token: send { refreshToken } or the refresh_token cookie',
      );
    }
    try {
      const claims = await this.jwt.verifyAsync<RefreshTokenClaims>(token, {
        secret: this.config.auth.refreshSecret,
        algorithms: ['HS256'],
        ignoreExpiration,
      });
      if (
        claims.typ === 'refresh' &&
        typeof claims.sid === 'string' &&
        typeof claims.jti === 'string'
      ) {
        return claims;
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'TokenExpiredError') {
        throw new UnauthorizedException('Refresh token expired: sign in again');
      }
    }
    throw new UnauthorizedException('Invalid refresh token');
  }

  private async sessionIdOf(
    token: string | undefined,
    secret: string,
  ): Promise<string | undefined> {
    if (!token) return undefined;
    try {
      const claims = await this.jwt.verifyAsync<{ sid?: unknown }>(token, {
        secret,
        algorithms: ['HS256'],
        ignoreExpiration: true,
      });
      return typeof claims.sid === 'string' ? claims.sid : undefined;
    } catch {
      return undefined;
    }
  }
}
