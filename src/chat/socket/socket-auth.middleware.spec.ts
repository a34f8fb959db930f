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
    socketAuthMiddleware(verifier, [])(handshake, (e) => resolve(e?.message)),
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

describe('Socket handshake cookie', () => {
  it('refuses a cookie with malformed percent-encoding as unauthorized instead of throwing', async () => {
    const verifier = { verify: (token?: string) => Promise.resolve({ token }) };
    const socket = {
      handshake: { auth: {}, headers: { cookie: 'a=1; access_token=%E0%A4%A' } },
      data: {},
    } as unknown as Socket;
    const refusal = await new Promise<string | undefined>((resolve) =>
      socketAuthMiddleware(verifier as unknown as AccessTokenVerifier, [])(socket, (e) =>
        resolve(e?.message),
      ),
    );
    expect(refusal).toBe('unauthorized');
  });
});
