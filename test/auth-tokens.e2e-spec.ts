import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import type { AuthSession } from '@app/contracts';
import { bearer, productionVapid, registerUser, sleep, type TestApp } from '@app/testing';
import { startTestApp } from './test-app';

/** Short, so that a reuse "later" needs no long wait. */
const GRACE_MS = 300;
const afterGrace = () => sleep(GRACE_MS + 100);

describe('Access and refresh tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: `${GRACE_MS}ms` });
  });

  afterAll(async () => {
    await t.close();
  });

  const refresh = (refreshToken: string) =>
    t.http().post('/api/v1/auth/refresh').send({ refreshToken });
  const me = (session: AuthSession) => t.http().get('/api/v1/users/me').set(bearer(session));

  it('rotates: a refresh answers a new pair and the old refresh token stops working', async () => {
    const session = await registerUser(t);
    const rotated = (await refresh(session.refreshToken).expect(200)).body as AuthSession;
    expect(rotated.refreshToken).not.toBe(session.refreshToken);
    expect(rotated.user.id).toBe(session.user.id);
    await me(rotated).expect(200);
    await afterGrace();
    const reused = await refresh(session.refreshToken).expect(401);
    expect(reused.body.message).toMatch(/already used/);
  });

  it('ends the whole session when a rotated refresh token is presented again (theft detection)', async () => {
    const session = await registerUser(t);
    const rotated = (await refresh(session.refreshToken).expect(200)).body as AuthSession;
    await afterGrace();
    await refresh(session.refreshToken).expect(401);
    await refresh(rotated.refreshToken).expect(401);
    const res = await me(rotated).expect(401);
    expect(res.body.message).toMatch(/Session ended/);
  });

  it('keeps two tabs refreshing with the same token at once signed in, with the same new pair', async () => {
    const session = await registerUser(t);
    const results = await Promise.all([
      refresh(session.refreshToken),
      refresh(session.refreshToken),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const [first, second] = results.map((r) => r.body as AuthSession);
    expect(second.refreshToken).toBe(first.refreshToken);
    expect(second.accessToken).toBe(first.accessToken);
    await me(first).expect(200);
    // Either tab can go on refreshing with the pair they share.
    await refresh(second.refreshToken).expect(200);
  });

  it('still ends the session when the same token comes back after the grace', async () => {
    const session = await registerUser(t);
    const rotated = (await refresh(session.refreshToken).expect(200)).body as AuthSession;
    await afterGrace();
    await refresh(session.refreshToken).expect(401);
    await me(rotated).expect(401);
  });

  it('refuses an access token pairing one person with another person’s session', async () => {
    const [ada, bob] = [await registerUser(t), await registerUser(t)];
    const jwt = new JwtService();
    const verify = { secret: t.config.auth.accessSecret };
    const bobClaims = await jwt.verifyAsync<{ sid: string }>(bob.accessToken, verify);
    const forged = await jwt.signAsync(
      { sub: ada.user.id, sid: bobClaims.sid, typ: 'access' },
      { secret: t.config.auth.accessSecret, expiresIn: 60 },
    );
    const res = await t
      .http()
      .get('/api/v1/users/me')
      .set({ Authorization: `Bearer ${forged}` })
      .expect(401);
    expect(res.body.message).toMatch(/Session ended/);
  });

  it('keeps other sessions of the same person when one is revoked', async () => {
    const first = await registerUser(t, {
      email: 'two-devices@example.com',
      password: 'device password',
    });
    const second = (
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'two-devices@example.com', password: 'device password' })
        .expect(200)
    ).body as AuthSession;
    await t
      .http()
      .post('/api/v1/auth/logout')
      .set(bearer(first))
      .send({ refreshToken: first.refreshToken })
      .expect(204);
    await me(first).expect(401);
    await me(second).expect(200);
  });

  it('logs out: the refresh and access tokens stop working and the cookies are cleared', async () => {
    const session = await registerUser(t);
    const res = await t
      .http()
      .post('/api/v1/auth/logout')
      .send({ refreshToken: session.refreshToken })
      .expect(204);
    const cleared = res.headers['set-cookie'] as unknown as string[];
    expect(cleared.some((c) => /^access_token=;.*Expires=Thu, 01 Jan 1970/.test(c))).toBe(true);
    expect(cleared.some((c) => /^refresh_token=;.*Expires=Thu, 01 Jan 1970/.test(c))).toBe(true);
    await refresh(session.refreshToken).expect(401);
    await me(session).expect(401);
  });

  it('authenticates with the cookies alone, and refreshes and logs out through them', async () => {
    const agent = request.agent(t.app.getHttpServer());
    await agent
      .post('/api/v1/auth/register')
      .send({ email: 'cookie@example.com', password: 'cookie password', name: 'Cookie' })
      .expect(201);
    const profile = await agent.get('/api/v1/users/me').expect(200);
    expect(profile.body.email).toBe('cookie@example.com');
    await agent.post('/api/v1/auth/refresh').send({}).expect(200);
    await agent.get('/api/v1/users/me').expect(200);
    await agent.post('/api/v1/auth/logout').expect(204);
    await agent.get('/api/v1/users/me').expect(401);
    await agent.post('/api/v1/auth/refresh').send({}).expect(401);
  });

  it('refuses requests without a token, with a garbage token, or with a refresh token used as access token', async () => {
    const session = await registerUser(t);
    expect((await t.http().get('/api/v1/users/me').expect(401)).body.message).toMatch(
      /Sign-in required/,
    );
    await t.http().get('/api/v1/users/me').set('Authorization', 'Bearer not.a.jwt').expect(401);
    await t
      .http()
      .get('/api/v1/users/me')
      .set('Authorization', `Bearer ${session.refreshToken}`)
      .expect(401);
    await refresh(session.accessToken).expect(401);
  });

  it('marks the cookies Secure in production', async () => {
    const production = await startTestApp({
      NODE_ENV: 'production',
      JWT_ACCESS_SECRET: 'an access secret of at least 32 characters',
      JWT_REFRESH_SECRET: 'a refresh secret of at least 32 characters',
      ...productionVapid(),
    });
    try {
      const res = await production
        .http()
        .post('/api/v1/auth/register')
        .send({ email: 'secure@example.com', password: 'secure password', name: 'Secure' })
        .expect(201);
      const cookies = res.headers['set-cookie'] as unknown as string[];
      expect(cookies).toHaveLength(2);
      for (const cookie of cookies) expect(cookie).toMatch(/; Secure; SameSite=Lax$/);
    } finally {
      await production.close();
    }
  });

  it('refuses an expired access token with a hint to refresh', async () => {
    // 2 s, not 1: token times are whole seconds, so a 1 s token can expire a moment after it is issued.
    const shortLived = await startTestApp({ JWT_ACCESS_TTL: '2s' });
    try {
      const session = await registerUser(shortLived);
      await new Promise((resolve) => setTimeout(resolve, 3100));
      const res = await shortLived.http().get('/api/v1/users/me').set(bearer(session)).expect(401);
      expect(res.body.message).toMatch(/expired/);
      const renewed = (
        await shortLived
          .http()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: session.refreshToken })
          .expect(200)
      ).body as AuthSession;
      await shortLived.http().get('/api/v1/users/me').set(bearer(renewed)).expect(200);
    } finally {
      await shortLived.close();
    }
  });
});
