import { JwtService } from '@nestjs/jwt';
import type { AuthSession } from '@app/contracts';
import {
  ackData,
  bearer,
  connectClient,
  disconnectAll,
  emitAck,
  nextEvent,
  openDirectChat,
  registerUser,
  sleep,
  type ChatClient,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';

/** How long a test waits for a socket to be ended: the promise is one second. */
const WITHIN_MS = 1000;

/** Resolves with the end reason and the time it took, once the server ended the socket. */
function ended(socket: ChatClient): Promise<{ reason: string; afterMs: number }> {
  const started = Date.now();
  return Promise.all([
    nextEvent(socket, 'session:ended', () => true, 10_000),
    new Promise<void>((resolve) => socket.once('disconnect', () => resolve())),
  ]).then(([event]) => ({ reason: event.reason, afterMs: Date.now() - started }));
}

describe('A socket lives only as long as its session', () => {
  let t: TestApp;

  /** Access tokens of 2 s, for the expiry cases; the other cases use `t`'s usual 15 minutes. */
  let short: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '200ms' });
    short = await startTestApp({ JWT_ACCESS_TTL: '2s' });
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await Promise.all([t.close(), short.close()]);
  });

  const refresh = (refreshToken: string, on = t) =>
    on.http().post('/api/v1/auth/refresh').send({ refreshToken });

  it('is ended within a second of logout, and its session can send nothing more', async () => {
    const [ada, bob] = [await registerUser(t), await registerUser(t)];
    const chat = await openDirectChat(t, ada, bob);
    const socket = await connectClient(t, ada);
    const end = ended(socket);
    await t.http().post('/api/v1/auth/logout').set(bearer(ada)).send({}).expect(204);
    const { reason, afterMs } = await end;
    expect(reason).toBe('signed_out');
    expect(afterMs).toBeLessThan(WITHIN_MS);
    expect(socket.connected).toBe(false);
    await t
      .http()
      .post(`/api/v1/chats/${chat.id}/messages`)
      .set(bearer(ada))
      .send({ clientMessageId: 'after-logout', text: 'still here?' })
      .expect(401);
  });

  it('is ended when a refresh token is reused and the session revoked', async () => {
    const ada = await registerUser(t);
    const rotated = (await refresh(ada.refreshToken).expect(200)).body as AuthSession;
    const socket = await connectClient(t, rotated);
    const end = ended(socket);
    await sleep(300);
    await refresh(ada.refreshToken).expect(401);
    const { reason, afterMs } = await end;
    expect(reason).toBe('signed_out');
    expect(afterMs).toBeLessThan(300 + WITHIN_MS);
  });

  it('leaves the other sessions’ sockets of the same person open', async () => {
    const first = await registerUser(t, { password: 'two sessions' });
    const second = (
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: first.user.email, password: 'two sessions' })
        .expect(200)
    ).body as AuthSession;
    const [a, b] = [await connectClient(t, first), await connectClient(t, second)];
    const end = ended(a);
    await t.http().post('/api/v1/auth/logout').set(bearer(first)).send({}).expect(204);
    await end;
    await sleep(300);
    expect(b.connected).toBe(true);
    await ackData(b, 'presence:get', { userIds: [] });
  });

  it('is ended as expired when its access token expires without renewal', async () => {
    const ada = await registerUser(short);
    const socket = await connectClient(short, ada);
    const { reason, afterMs } = await ended(socket);
    expect(reason).toBe('expired');
    expect(afterMs).toBeLessThan(2000 + WITHIN_MS);
  });

  it('stays open past the expiry when the client renews its token with auth:renew', async () => {
    const ada = await registerUser(short);
    const socket = await connectClient(short, ada);
    const endings: string[] = [];
    socket.on('session:ended', (e) => endings.push(e.reason));
    // Token times are whole seconds: refresh once the second of the first token has passed, so
    // the renewed token outlives the first one by at least a second.
    const first = new JwtService().decode<{ iat: number; exp: number }>(ada.accessToken);
    await sleep(Math.max(0, (first.iat + 1) * 1000 + 50 - Date.now()));
    const renewed = (await refresh(ada.refreshToken, short).expect(200)).body as AuthSession;
    const ack = await ackData(socket, 'auth:renew', { token: renewed.accessToken });
    expect(Date.parse(ack.expiresAt)).toBeGreaterThanOrEqual((first.exp + 1) * 1000);
    await sleep(Math.max(0, first.exp * 1000 + 400 - Date.now()));
    expect(endings).toEqual([]);
    expect(socket.connected).toBe(true);
    await ackData(socket, 'presence:get', { userIds: [] });
  });

  it('refuses to renew with a token of someone else, and changes nothing', async () => {
    const [ada, bob] = [await registerUser(t), await registerUser(t)];
    const socket = await connectClient(t, ada);
    const answer = await emitAck(socket, 'auth:renew', { token: bob.accessToken });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const garbage = await emitAck(socket, 'auth:renew', { token: 'not.a.token' });
    expect(garbage).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // Ada's own token, but of a session she has logged out of: no way back in through renew.
    const other = (
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: ada.user.email, password: ada.password })
        .expect(200)
    ).body as AuthSession;
    await t.http().post('/api/v1/auth/logout').set(bearer(other)).send({}).expect(204);
    const ended = await emitAck(socket, 'auth:renew', { token: other.accessToken });
    expect(ended).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(socket.connected).toBe(true);
    await ackData(socket, 'presence:get', { userIds: [] });
  });
});
