import type { AuthSession, ChatView } from '@app/contracts';
import {
  bearer,
  connectClient,
  createGroup,
  createPostgresTestDatabase,
  disconnectAll,
  emitAck,
  registerUser,
  type PostgresTestDatabase,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
const cursor = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

/** JSON nested `depth` levels deep: small in bytes, deep enough to exhaust a recursive validator. */
const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/**
 * Input that used to end in a 500 (or an `internal` ack) on PostgreSQL: each is a 400 with a
 * message naming the field now, whatever route or event it arrives through.
 */
describe('Hostile input on PostgreSQL', () => {
  let database: PostgresTestDatabase;
  let t: TestApp;
  let ada: AuthSession;
  let group: ChatView;

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    t = await startTestApp({ DATABASE_URL: database.url });
    ada = await registerUser(t);
    group = await createGroup(t, ada, [await registerUser(t)]);
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  const expect400 = (res: { status: number; body: { message?: unknown } }, field: RegExp) => {
    expect(res.status).toBe(400);
    expect(String(res.body.message)).toMatch(field);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  };

  it.each(['/auth/otp/request', '/auth/login', '/auth/register', '/auth/refresh'])(
    'answers 400 to JSON nested 2,000 deep on %s, without signing in',
    async (path) => {
      const res = await t
        .http()
        .post(`/api/v1${path}`)
        .set('Content-Type', 'application/json')
        .send(deepJson(2000));
      expect400(res, /nested too deeply/);
    },
  );

  it.each(['/auth/otp/request', '/auth/otp/verify', '/auth/login', '/auth/register'])(
    'answers 400 to an e-mail with a lone surrogate on %s',
    async (path) => {
      const res = await t
        .http()
        .post(`/api/v1${path}`)
        .send({
          email: `${LONE_SURROGATE}@example.com`,
          code: '123456',
          password: 'long enough',
          name: 'Name',
        });
      expect400(res, /email must be well-formed Unicode/);
    },
  );

  it('answers 400 to a NUL character in names, message text, searches and cursors', async () => {
    const auth = bearer(ada);
    const http = t.http;
    expect400(await http().patch('/api/v1/users/me').set(auth).send({ name: NUL }), /name/);
    expect400(
      await http().post('/api/v1/chats/groups').set(auth).send({ name: NUL, memberIds: [] }),
      /name/,
    );
    expect400(
      await http().patch(`/api/v1/chats/${group.id}`).set(auth).send({ name: NUL }),
      /name/,
    );
    const message = { clientMessageId: 'nul-1', text: NUL };
    expect400(
      await http().post(`/api/v1/chats/${group.id}/messages`).set(auth).send(message),
      /text/,
    );
    expect400(
      await http()
        .get(`/api/v1/messages/search?q=${encodeURIComponent(NUL)}`)
        .set(auth),
      /q/,
    );
    expect400(
      await http()
        .get(`/api/v1/users?search=${encodeURIComponent(NUL)}`)
        .set(auth),
      /search/,
    );
    const nulCursor = cursor([NUL, '0193a1c2-0000-7000-8000-00000000ada0']);
    expect400(await http().get(`/api/v1/users?cursor=${nulCursor}`).set(auth), /cursor/);
  });

  it('answers 400 to a lone surrogate in message text', async () => {
    const res = await t
      .http()
      .post(`/api/v1/chats/${group.id}/messages`)
      .set(bearer(ada))
      .send({ clientMessageId: 'surrogate-1', text: LONE_SURROGATE });
    expect400(res, /text/);
  });

  it.each([
    ['a bad uuid', ['2026-11-21T09:30:00.000Z', 'not-a-uuid']],
    ['year +275760', ['+275760-09-13T00:00:00.000Z', '0193a1c2-0000-7000-8000-00000000ada0']],
    ['year 0000', ['0000-01-01T00:00:00.000Z', '0193a1c2-0000-7000-8000-00000000ada0']],
    ['year -000001', ['-000001-01-01T00:00:00.000Z', '0193a1c2-0000-7000-8000-00000000ada0']],
  ])('answers 400 to a chat-list cursor with %s', async (_label, parts) => {
    const res = await t
      .http()
      .get(`/api/v1/chats?cursor=${cursor(parts)}`)
      .set(bearer(ada));
    expect400(res, /cursor/);
  });

  it('answers 400 to a users cursor with a bad uuid', async () => {
    const res = await t
      .http()
      .get(`/api/v1/users?cursor=${cursor(['Ada', "1' or '1"])}`)
      .set(bearer(ada));
    expect400(res, /cursor/);
  });

  it('takes an id in capitals as the same id: no second direct chat, no 500 for oneself', async () => {
    const bob = await registerUser(t);
    const opened = await t
      .http()
      .post('/api/v1/chats/direct')
      .set(bearer(ada))
      .send({ userId: bob.user.id })
      .expect(201);
    const again = await t
      .http()
      .post('/api/v1/chats/direct')
      .set(bearer(ada))
      .send({ userId: bob.user.id.toUpperCase() })
      .expect(200);
    expect(again.body.id).toBe(opened.body.id);
    const self = await t
      .http()
      .post('/api/v1/chats/direct')
      .set(bearer(ada))
      .send({ userId: ada.user.id.toUpperCase() });
    expect(self.status).toBe(400);
  });

  it('acknowledges hostile socket payloads with validation_failed, never internal', async () => {
    const socket = await connectClient(t, ada);
    const payloads: unknown[] = [
      JSON.parse(deepJson(2000)),
      { chatId: group.id, clientMessageId: 'nul-socket', text: NUL },
      { chatId: group.id, clientMessageId: 'surrogate-socket', text: LONE_SURROGATE },
    ];
    for (const payload of payloads) {
      const answer = await emitAck(socket, 'message:send', payload as never);
      expect(answer).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
  });
});
