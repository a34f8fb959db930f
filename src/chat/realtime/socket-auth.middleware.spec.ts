import { UnauthorizedException } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { AccessTokenVerifier } from '@app/auth';
import { socketAuthMiddleware } from './socket-auth.middleware';

const handshake = {
  handshake: { auth: { token: 't' }, headers: {} },
  data: {},
} as unknown as Socket;

function refusalFor(failure: Error): Promise<string | undefined> {
  const verifier = { verify: () => Promise.reject(failure) } as unknown as AccessTokenVerifier;
  return new Promise((resolve) =>
    socketAuthMiddleware(verifier)(handshake, (e) => resolve(e?.message)),
  );
}

describe('Socket handshake authentication', () => {
  it('refuses a bad or ended session as unauthorized, so the client renews it', async () => {
    expect(await refusalFor(new UnauthorizedException('Session ended'))).toBe('unauthorized');
  });

  it('refuses as unavailable when the session cannot be checked, so the client only retries', async () => {
    expect(await refusalFor(new Error('Redis connection lost'))).toBe('unavailable');
  });
});
