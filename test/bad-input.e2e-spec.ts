import type { AuthSession, SendMessagePayload } from '@app/contracts';
import {
  bearer,
  connectClient,
  createGroup,
  emitAck,
  registerUser,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';

/** Whatever shape the input has, the answer is a 4xx naming the problem, never a 500. */
describe('Bad input', () => {
  let t: TestApp;
  let session: AuthSession;

  beforeAll(async () => {
    t = await startTestApp();
    session = await registerUser(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const bodies: Array<[string, string, Record<string, unknown>, string]> = [
    ['an e-mail of the wrong type', '/auth/otp/request', { email: 42 }, 'email'],
    [
      'an operator object instead of an e-mail',
      '/auth/otp/request',
      { email: { $gt: '' } },
      'email',
    ],
    ['an array instead of an e-mail', '/auth/otp/request', { email: ['a@example.com'] }, 'email'],
    ['a missing e-mail', '/auth/otp/request', {}, 'email'],
    [
      'a 300-character e-mail',
      '/auth/otp/request',
      { email: `${'a'.repeat(290)}@example.com` },
      'email',
    ],
    ['an unknown field', '/auth/otp/request', { email: 'a@example.com', admin: true }, 'admin'],
    ['a code with letters', '/auth/otp/verify', { email: 'a@example.com', code: '12ab56' }, 'code'],
    [
      'an operator object instead of a code',
      '/auth/otp/verify',
      { email: 'a@example.com', code: { $ne: null } },
      'code',
    ],
    [
      'an operator object instead of a password',
      '/auth/login',
      { email: 'a@example.com', password: { $gt: '' } },
      'password',
    ],
    [
      'a 10,000-character password',
      '/auth/login',
      { email: 'a@example.com', password: 'x'.repeat(10_000) },
      'password',
    ],
    [
      'a blank name',
      '/auth/register',
      { email: 'b@example.com', password: 'long enough', name: '   ' },
      'name',
    ],
    ['a number as refresh token', '/auth/refresh', { refreshToken: 123 }, 'refreshToken'],
  ];

  it.each(bodies)('answers 400 naming the field for %s', async (_label, path, body, field) => {
    const res = await t.http().post(`/api/v1${path}`).send(body).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toMatch(/^Validation failed: /);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('says of a missing required field only that it is required, over REST and socket', async () => {
    const chat = await createGroup(t, session, []);
    const required = {
      message: 'Validation failed: clientMessageId is required',
      details: [{ field: 'clientMessageId', messages: ['clientMessageId is required'] }],
    };
    const rest = await t
      .http()
      .post(`/api/v1/chats/${chat.id}/messages`)
      .set(bearer(session))
      .send({ text: 'hi' })
      .expect(400);
    expect(rest.body).toMatchObject({ code: 'validation_failed', ...required });
    const socket = await connectClient(t, session);
    const ack = await emitAck(socket, 'message:send', {
      chatId: chat.id,
      text: 'hi',
    } as SendMessagePayload);
    socket.disconnect();
    expect(ack).toEqual({ ok: false, error: { code: 'validation_failed', ...required } });
  });

  it('answers 400 for a name that is too long or of the wrong type on PATCH /users/me', async () => {
    for (const name of ['n'.repeat(65), 7, { $set: 'x' }, null]) {
      const res = await t
        .http()
        .patch('/api/v1/users/me')
        .set(bearer(session))
        .send({ name })
        .expect(400);
      expect(res.body.details[0].field).toBe('name');
    }
  });

  it('answers 400 for query parameters of the wrong type or repeated', async () => {
    await t.http().get('/api/v1/users?limit=abc').set(bearer(session)).expect(400);
    await t.http().get('/api/v1/users?limit=0').set(bearer(session)).expect(400);
    await t.http().get('/api/v1/users?search=a&search=b').set(bearer(session)).expect(400);
    await t.http().get('/api/v1/users?search[$ne]=x').set(bearer(session)).expect(400);
    await t.http().get('/api/v1/users?unknown=1').set(bearer(session)).expect(400);
  });

  it('answers 400 for malformed ids', async () => {
    for (const id of ['1', 'not-a-uuid', "1' or '1'='1", '%00']) {
      await t
        .http()
        .get(`/api/v1/users/${encodeURIComponent(id)}`)
        .set(bearer(session))
        .expect(400);
    }
  });

  it('answers 400 for a body that is not valid JSON', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@example.com", ')
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/JSON/),
    });
  });

  it('answers 413 for a body over 100 kB', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'a@example.com', password: 'x'.repeat(200_000) })
      .expect(413);
    expect(res.body.message).toBe('The request body is too large');
  });

  it('answers 404 in the same error shape for an unknown route', async () => {
    const res = await t.http().get('/api/v1/nothing-here').set(bearer(session)).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
