import {
  createPostgresTestDatabase,
  signInByOtp,
  sleep,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  type PostgresTestDatabase,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';
import { bearer } from '@app/testing';

/** The same single process with real services behind it: PostgreSQL and Redis instead of the embedded defaults. */
describe('Single process on PostgreSQL and Redis', () => {
  let database: PostgresTestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    t = await startTestApp({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: uniqueRedisPrefix('e2e'),
      REFRESH_REUSE_GRACE: '100ms',
    });
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('reports PostgreSQL and Redis as ready', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body.checks).toMatchObject({
      database: { status: 'up', kind: 'postgres' },
      kv: { status: 'up', kind: 'redis' },
    });
  });

  it('signs in by e-mail code, keeps the session in Redis, and rotates refresh tokens', async () => {
    const session = await signInByOtp(t, 'pg-user@example.com');
    await t.http().get('/api/v1/users/me').set(bearer(session)).expect(200);
    const rotated = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(200);
    await sleep(200); // past the reuse grace: now it is a reuse, and ends the session
    await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(401);
    await t.http().get('/api/v1/users/me').set(bearer(rotated.body)).expect(401);
  });

  it('enforces the resend cooldown through Redis', async () => {
    await t
      .http()
      .post('/api/v1/auth/otp/request')
      .send({ email: 'cooldown@example.com' })
      .expect(202);
    await t
      .http()
      .post('/api/v1/auth/otp/request')
      .send({ email: 'cooldown@example.com' })
      .expect(429);
  });
});
