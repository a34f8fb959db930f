import type { AuthSession } from '@app/contracts';
import { DurableKeyValueStore } from '@app/kv';
import {
  bearer,
  connectClient,
  disconnectAll,
  nextEvent,
  registerUser,
  signInByOtp,
  sleep,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';

/**
 * An address belongs to whoever reads its mailbox
 * (docs/architecture.md#sessions-and-addresses).
 */
describe('Who owns an address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  const login = (email: string, password: string) =>
    t.http().post('/api/v1/auth/login').send({ email, password });

  it('takes a password account registered by a stranger back when the owner signs in by code', async () => {
    const email = 'victim@example.com';
    const squatter = await registerUser(t, { email, password: 'squatter password' });
    const squatterSocket = await connectClient(t, squatter);
    const ended = nextEvent(squatterSocket, 'session:ended');

    const owner: AuthSession = await signInByOtp(t, email);

    expect(owner.user.id).toBe(squatter.user.id);
    expect(owner.user.hasPassword).toBe(false);
    expect(await ended).toEqual({ reason: 'signed_out' });
    await t.http().get('/api/v1/users/me').set(bearer(squatter)).expect(401);
    await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: squatter.refreshToken })
      .expect(401);
    await login(email, 'squatter password').expect(401);
    await t.http().get('/api/v1/users/me').set(bearer(owner)).expect(200);
  });

  it('refuses to register a password on an address its owner already signed in with', async () => {
    const email = 'owner-first@example.com';
    const owner = await signInByOtp(t, email);
    await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password: 'squatter password', name: 'Squatter' })
      .expect(409);
    await login(email, 'squatter password').expect(401);
    await t.http().get('/api/v1/users/me').set(bearer(owner)).expect(200);
  });

  it('keeps the sessions of a proven account when its owner signs in by code again', async () => {
    const email = 'returning-owner@example.com';
    const first = await signInByOtp(t, email);
    const socket = await connectClient(t, first);
    const endings: string[] = [];
    socket.on('session:ended', (e) => endings.push(e.reason));
    // Skip the one-minute resend cooldown rather than wait it out.
    await t.app.get(DurableKeyValueStore).delete(`otp:cooldown:${email}`);
    const second = await signInByOtp(t, email);
    expect(second.user.id).toBe(first.user.id);
    await sleep(500);
    expect(endings).toEqual([]);
    await t.http().get('/api/v1/users/me').set(bearer(first)).expect(200);
  });
});
