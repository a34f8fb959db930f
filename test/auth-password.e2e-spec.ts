import { bearer, registerUser, type TestApp } from '@app/testing';
import { startTestApp } from './test-app';

describe('Signing in with a password', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const login = (email: string, password: string) =>
    t.http().post('/api/v1/auth/login').send({ email, password });

  it('registers an account and signs it in', async () => {
    const session = await registerUser(t, { email: 'Linus@Example.com', name: '  Linus  ' });
    expect(session.user).toMatchObject({
      email: 'linus@example.com',
      name: 'Linus',
      hasPassword: true,
    });
    const me = await t.http().get('/api/v1/users/me').set(bearer(session)).expect(200);
    expect(me.body.id).toBe(session.user.id);
  });

  it('refuses a second account for the same address with 409', async () => {
    await registerUser(t, { email: 'taken@example.com' });
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: 'TAKEN@example.com', password: 'another password', name: 'Copycat' })
      .expect(409);
    expect(res.body.message).toMatch(/already exists/);
  });

  it('requires at least 8 characters and at most 72 bytes, naming the field', async () => {
    const short = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: 'short@example.com', password: 'seven77', name: 'Short' })
      .expect(400);
    expect(short.body.details).toEqual([
      { field: 'password', messages: ['password must be longer than or equal to 8 characters'] },
    ]);
    const wide = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email: 'wide@example.com', password: 'é'.repeat(40), name: 'Wide' })
      .expect(400);
    expect(wide.body.details[0].messages).toContain('password must be at most 72 bytes in UTF-8');
  });

  it('signs in with the right password, whatever the case of the address', async () => {
    const { user, password } = await registerUser(t, { email: 'grace@example.com' });
    const res = await login('GRACE@example.com', password).expect(200);
    expect(res.body.user.id).toBe(user.id);
  });

  it('gives the same answer for a wrong password and an unknown address', async () => {
    await registerUser(t, { email: 'private@example.com' });
    const wrongPassword = await login('private@example.com', 'not the password').expect(401);
    const unknown = await login('nobody@example.com', 'not the password').expect(401);
    expect(wrongPassword.body).toEqual(unknown.body);
    expect(unknown.body).toEqual({
      statusCode: 401,
      code: 'unauthorized',
      error: 'Unauthorized',
      message: 'Wrong e-mail or password',
    });
  });

  it('does not sign in an account created by e-mail code, which has no password', async () => {
    await t
      .http()
      .post('/api/v1/auth/otp/request')
      .send({ email: 'otp-only@example.com' })
      .expect(202);
    await login('otp-only@example.com', 'any password').expect(401);
  });

  it('locks password sign-in for an account after 10 wrong passwords, even with the right one', async () => {
    const { password } = await registerUser(t, { email: 'target@example.com' });
    for (let i = 0; i < 10; i += 1) await login('target@example.com', `guess ${i}`).expect(401);
    const res = await login('target@example.com', password).expect(429);
    expect(res.body.details.retryAfterSec).toBeGreaterThan(14 * 60);
  });

  it('checks at most 10 passwords however many wrong ones arrive at once', async () => {
    await registerUser(t, { email: 'stormed@example.com' });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login('stormed@example.com', `parallel guess ${i}`)),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30);
  });
});
