import { JwtService } from '@nestjs/jwt';
import type { AuthSession, ChatView } from '@app/contracts';
import {
  ackData,
  bearer,
  clientMessageId,
  collect,
  connectClient,
  connectError,
  createGroup,
  createUsers,
  disconnectAll,
  emitAck,
  openDirectChat,
  sleep,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';

/** Nobody outside a chat can read, write or listen to it (docs/architecture.md#membership). */
describe('Chat authorization', () => {
  let t: TestApp;
  let owner: AuthSession;
  let member: AuthSession;
  let outsider: AuthSession;
  let group: ChatView;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, member, outsider] = await createUsers(t, 3);
    group = await createGroup(t, owner, [member], 'Private');
    await t
      .http()
      .post(`/api/v1/chats/${group.id}/messages`)
      .set(bearer(owner))
      .send({ clientMessageId: clientMessageId(), text: 'secret plans' })
      .expect(201);
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  const asOutsider = () => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set(bearer(outsider)),
    post: (path: string, body: object) =>
      t.http().post(`/api/v1${path}`).set(bearer(outsider)).send(body),
    patch: (path: string, body: object) =>
      t.http().patch(`/api/v1${path}`).set(bearer(outsider)).send(body),
    delete: (path: string) => t.http().delete(`/api/v1${path}`).set(bearer(outsider)),
  });

  describe('a non-member over REST', () => {
    it('gets 404 for the chat and its history, with no data', async () => {
      const chat = await asOutsider().get(`/chats/${group.id}`).expect(404);
      expect(JSON.stringify(chat.body)).not.toContain('Private');
      const history = await asOutsider().get(`/chats/${group.id}/messages`).expect(404);
      expect(JSON.stringify(history.body)).not.toContain('secret');
    });

    it('gets 403 for sending, marking read, renaming, adding and removing members', async () => {
      await asOutsider()
        .post(`/chats/${group.id}/messages`, {
          clientMessageId: clientMessageId(),
          text: 'let me in',
        })
        .expect(403);
      await asOutsider().post(`/chats/${group.id}/read`, { seq: 1 }).expect(403);
      await asOutsider().patch(`/chats/${group.id}`, { name: 'Mine now' }).expect(403);
      await asOutsider()
        .post(`/chats/${group.id}/members`, { userIds: [outsider.user.id] })
        .expect(403);
      await asOutsider().delete(`/chats/${group.id}/members/${member.user.id}`).expect(403);
      const chat = await t.http().get(`/api/v1/chats/${group.id}`).set(bearer(owner)).expect(200);
      expect(chat.body.name).toBe('Private');
      expect(chat.body.members).toHaveLength(2);
      expect(chat.body.lastSeq).toBe(2);
    });

    it('finds nothing of the chat by search, and gets 404 searching inside it', async () => {
      const all = await asOutsider().get('/messages/search?q=secret').expect(200);
      expect(all.body.items).toEqual([]);
      await asOutsider().get(`/messages/search?q=secret&chatId=${group.id}`).expect(404);
      const mine = await t
        .http()
        .get('/api/v1/messages/search?q=SECRET')
        .set(bearer(member))
        .expect(200);
      expect(mine.body.items.map((m: { text: string }) => m.text)).toEqual(['secret plans']);
    });

    it('does not see the chat in their list', async () => {
      const list = await asOutsider().get('/chats').expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(group.id);
    });
  });

  describe('a plain member', () => {
    it('cannot rename or change members, but can leave', async () => {
      const [a, b, c] = await createUsers(t, 3);
      const chat = await createGroup(t, a, [b, c]);
      await t
        .http()
        .patch(`/api/v1/chats/${chat.id}`)
        .set(bearer(b))
        .send({ name: 'Coup' })
        .expect(403);
      await t
        .http()
        .delete(`/api/v1/chats/${chat.id}/members/${c.user.id}`)
        .set(bearer(b))
        .expect(403);
      await t
        .http()
        .delete(`/api/v1/chats/${chat.id}/members/${a.user.id}`)
        .set(bearer(b))
        .expect(403);
      await t
        .http()
        .delete(`/api/v1/chats/${chat.id}/members/${b.user.id}`)
        .set(bearer(b))
        .expect(204);
      await t.http().get(`/api/v1/chats/${chat.id}/messages`).set(bearer(b)).expect(404);
    });
  });

  describe('a non-member over Socket.IO', () => {
    it('is refused sending, marking, typing and syncing, with typed ack errors', async () => {
      const socket = await connectClient(t, outsider);
      const send = await emitAck(socket, 'message:send', {
        chatId: group.id,
        clientMessageId: clientMessageId(),
        text: 'hi',
      });
      expect(send).toEqual({
        ok: false,
        error: { code: 'not_a_member', message: 'You are not a member of this chat' },
      });
      expect(await emitAck(socket, 'message:read', { chatId: group.id, seq: 1 })).toMatchObject({
        ok: false,
        error: { code: 'not_a_member' },
      });
      expect(
        await emitAck(socket, 'message:delivered', { chatId: group.id, seq: 1 }),
      ).toMatchObject({
        ok: false,
        error: { code: 'not_a_member' },
      });
      expect(await emitAck(socket, 'typing:start', { chatId: group.id })).toMatchObject({
        ok: false,
        error: { code: 'not_a_member' },
      });
      const sync = await ackData(socket, 'chat:sync', {
        cursors: [{ chatId: group.id, afterSeq: 0 }],
      });
      expect(sync).toEqual({ chats: [], notFound: [group.id] });
    });

    it('receives none of the chat events', async () => {
      const spy = await connectClient(t, outsider);
      const events = [
        collect(spy, 'message:new'),
        collect(spy, 'typing'),
        collect(spy, 'message:read'),
        collect(spy, 'chat:updated'),
      ];
      const ownerSocket = await connectClient(t, owner);
      await ackData(ownerSocket, 'typing:start', { chatId: group.id });
      await ackData(ownerSocket, 'message:send', {
        chatId: group.id,
        clientMessageId: clientMessageId(),
        text: 'still secret',
      });
      await ackData(ownerSocket, 'message:read', { chatId: group.id, seq: 3 });
      await t
        .http()
        .patch(`/api/v1/chats/${group.id}`)
        .set(bearer(owner))
        .send({ name: 'Private' })
        .expect(200);
      await sleep(200);
      for (const received of events) expect(received).toEqual([]);
    });

    it('stops receiving events once removed from a group', async () => {
      const [a, b] = await createUsers(t, 2);
      const chat = await createGroup(t, a, [b]);
      const bSocket = await connectClient(t, b);
      const aSocket = await connectClient(t, a);
      await t
        .http()
        .delete(`/api/v1/chats/${chat.id}/members/${b.user.id}`)
        .set(bearer(a))
        .expect(204);
      const after = collect(bSocket, 'message:new');
      await ackData(aSocket, 'message:send', {
        chatId: chat.id,
        clientMessageId: clientMessageId(),
        text: 'b is gone',
      });
      await sleep(200);
      expect(after).toEqual([]);
    });

    it('answers validation_failed naming the field for a malformed payload', async () => {
      const socket = await connectClient(t, member);
      const bad = await emitAck(socket, 'message:send', {
        chatId: 'nope',
        clientMessageId: '',
        text: { $gt: '' },
      } as never);
      expect(bad.ok).toBe(false);
      if (bad.ok) return;
      expect(bad.error.code).toBe('validation_failed');
      const fields = (bad.error.details as Array<{ field: string }>).map((d) => d.field).sort();
      expect(fields).toEqual(['chatId', 'clientMessageId', 'text']);
      const extra = await emitAck(socket, 'chat:sync', { cursors: [], room: 'chat:x' } as never);
      expect(extra).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    });
  });

  describe('connecting', () => {
    it('refuses a socket without a token, with a garbage token, or with an expired one', async () => {
      expect((await connectError(t, {})).message).toBe('unauthorized');
      expect((await connectError(t, { token: 'garbage' })).message).toBe('unauthorized');
      const expired = await new JwtService().signAsync(
        { sub: member.user.id, sid: 'whatever', typ: 'access' },
        { secret: t.config.auth.accessSecret, expiresIn: -10 },
      );
      expect((await connectError(t, { token: expired })).message).toBe('unauthorized');
    });

    it('refuses a socket whose session was logged out', async () => {
      const [quitter] = await createUsers(t, 1);
      await t.http().post('/api/v1/auth/logout').set(bearer(quitter)).expect(204);
      expect((await connectError(t, { token: quitter.accessToken })).message).toBe('unauthorized');
    });

    it('accepts the access_token cookie instead of auth.token', async () => {
      const socket = await connectClient(t, { accessToken: '' }).catch((error: Error) => error);
      expect(socket).toBeInstanceOf(Error);
      const viaCookie = await connectError(
        t,
        {},
        { Cookie: `access_token=${member.accessToken}` },
      ).catch(() => 'connected');
      expect(viaCookie).toBe('connected');
    });
  });

  it('opens direct chats only with existing other people, once even under 10 concurrent calls', async () => {
    const [a, b] = await createUsers(t, 2);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.http().post('/api/v1/chats/direct').set(bearer(a)).send({ userId: b.user.id }),
      ),
    );
    expect(new Set(results.map((r) => (r.body as ChatView).id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    const reverse = await openDirectChat(t, b, a);
    expect(reverse.id).toBe(results[0].body.id);
    await t
      .http()
      .post('/api/v1/chats/direct')
      .set(bearer(a))
      .send({ userId: a.user.id })
      .expect(400);
    await t
      .http()
      .post('/api/v1/chats/direct')
      .set(bearer(a))
      .send({ userId: '01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f' })
      .expect(404);
  });
});
