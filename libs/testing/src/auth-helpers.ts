import type { AuthSession } from '@app/contracts';
import { waitForOtpCode, outboxMessages } from './outbox';
import type { Origin, TestApp } from './test-app';

/** Signs in by e-mail code exactly as a person would: ask, read the e-mail, send the code. */
export async function signInByOtp(t: TestApp, email: string): Promise<AuthSession> {
  const sent = outboxMessages(t.outboxDir, email).length;
  await t.http().post('/api/v1/auth/otp/request').send({ email }).expect(202);
  const code = await waitForOtpCode(t.outboxDir, email, sent + 1);
  const res = await t.http().post('/api/v1/auth/otp/verify').send({ email, code }).expect(200);
  return res.body as AuthSession;
}

let counter = 0;

/** Registers a new account with a password; every call gets a fresh address unless one is given. */
export async function registerUser(
  t: Origin,
  overrides: { email?: string; password?: string; name?: string } = {},
): Promise<AuthSession & { password: string }> {
  counter += 1;
  const body = {
    email: overrides.email ?? `user${counter}-${Date.now()}@example.com`,
    password: overrides.password ?? 'correct horse battery',
    name: overrides.name ?? `User ${counter}`,
  };
  const res = await t.http().post('/api/v1/auth/register').send(body).expect(201);
  return { ...(res.body as AuthSession), password: body.password };
}

export const bearer = (session: AuthSession) => ({
  Authorization: `Bearer ${session.accessToken}`,
});
