import { Logger, UnauthorizedException } from '@nestjs/common';
import { ACCESS_COOKIE, type AccessTokenVerifier, type AuthUser } from '@app/auth';
import type { ChatSocket } from '../fanout/chat-socket';
import { UNAUTHORIZED_CONNECT_ERROR, UNAVAILABLE_CONNECT_ERROR } from '@app/contracts';

const logger = new Logger('SocketAuth');

/**
 * Authenticates the handshake (guards do not run on connect): `auth.token`, else the access_token
 * cookie. Anything else is refused with `connect_error` "unauthorized". Whatever the handshake
 * holds, nothing escapes this function: Socket.IO runs middleware outside any error handling, so
 * one throw here would end the process.
 */
export function socketAuthMiddleware(
  verifier: AccessTokenVerifier,
  allowedOrigins: readonly string[],
) {
  return (socket: ChatSocket, next: (error?: Error) => void): void => {
    Promise.resolve()
      .then(() => verifier.verify(tokenOf(socket, allowedOrigins)))
      .then((user) => {
        socket.data.user = user;
        next();
      })
      // Only a bad or ended session is "unauthorized" (the client renews it); anything else, such
      // as the session store being unreachable, is "unavailable" (the client just tries again).
      .catch((error: unknown) => {
        const unauthorized = error instanceof UnauthorizedException;
        if (!unauthorized) logger.warn({ err: error }, 'Handshake could not be authenticated');
        next(new Error(unauthorized ? UNAUTHORIZED_CONNECT_ERROR : UNAVAILABLE_CONNECT_ERROR));
      });
  };
}

/**
 * A token in `auth` was put there by the client's own code. A cookie is sent by the browser on its
 * own, even to a page of another site opening a WebSocket to us (no CORS check applies to
 * WebSockets), so a cookie only counts from an allowed Origin. Same-origin polling requests carry
 * no Origin header at all, and no browser lets a page of another site leave it out.
 */
function tokenOf(socket: ChatSocket, allowedOrigins: readonly string[]): string | undefined {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if (typeof auth?.token === 'string' && auth.token !== '') return auth.token;
  const token = cookieValue(socket.handshake.headers.cookie, ACCESS_COOKIE);
  const origin = socket.handshake.headers.origin;
  if (token && origin !== undefined && !allowedOrigins.includes(origin)) {
    throw new UnauthorizedException(`Sign-in cookies are not accepted from origin ${origin}`);
  }
  return token;
}

/** The cookie's value; one that is not valid percent-encoding is a bad token, not an error. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('=')) || undefined;
    } catch {
      throw new UnauthorizedException('Invalid access token cookie');
    }
  }
  return undefined;
}

export const userOf = (socket: ChatSocket): AuthUser => socket.data.user;
