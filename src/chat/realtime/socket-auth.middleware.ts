import { UnauthorizedException } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { ACCESS_COOKIE, type AccessTokenVerifier, type AuthUser } from '@app/auth';
import { UNAUTHORIZED_CONNECT_ERROR, UNAVAILABLE_CONNECT_ERROR } from '@app/contracts';

export interface SocketData {
  user: AuthUser;
}

/**
 * Authenticates the handshake (guards do not run on connect): `auth.token`, else the access_token
 * cookie. Anything else is refused with `connect_error` "unauthorized".
 */
export function socketAuthMiddleware(verifier: AccessTokenVerifier) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    verifier
      .verify(tokenOf(socket))
      .then((user) => {
        (socket.data as SocketData).user = user;
        next();
      })
      // Only a bad or ended session is "unauthorized" (the client renews it); anything else, such
      // as the session store being unreachable, is "unavailable" (the client just tries again).
      .catch((error: unknown) =>
        next(
          new Error(
            error instanceof UnauthorizedException
              ? UNAUTHORIZED_CONNECT_ERROR
              : UNAVAILABLE_CONNECT_ERROR,
          ),
        ),
      );
  };
}

function tokenOf(socket: Socket): string | undefined {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if (typeof auth?.token === 'string' && auth.token !== '') return auth.token;
  return cookieValue(socket.handshake.headers.cookie, ACCESS_COOKIE);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('=')) || undefined;
  }
  return undefined;
}

export const userOf = (socket: Socket): AuthUser => (socket.data as SocketData).user;
