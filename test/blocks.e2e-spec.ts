import type { AuthSession, BlockedUserView } from '@app/contracts';
import {
  ackData,
  bearer,
  clientMessageId,
  connectClient,
  createUsers,
  disconnectAll,
  nextEvent,
  emitAck,
  openDirectChat,
  uploadImage,
  type TestApp,
} from '@app/testing';
import { blockCalls } from './block-calls';
import { startTestApp } from './test-app';

const NOBODY = '01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f';

describe('Blocking people', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_RATE_LIMIT: '100000' });
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  const api = (session: AuthSession) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set(bearer(session)),
    post: (path: string, body: object) =>
      t.http().post(`/api/v1${path}`).set(bearer(session)).send(body),
    put: (path: string) => t.http().put(`/api/v1${path}`).set(bearer(session)),
    patch: (path: string, body: object) =>
      t.http().patch(`/api/v1${path}`).set(bearer(session)).send(body),
    delete: (path: string) => t.http().delete(`/api/v1${path}`).set(bearer(session)),
  });
  const block = (me: AuthSession, other: AuthSession | string) => blockCalls(t, me).block(other);
  const unblock = (me: AuthSession, other: AuthSession) => blockCalls(t, me).unblock(other);
  const blocksOf = async (me: AuthSession) =>
    (await api(me).get('/users/me/blocks').expect(200)).body as BlockedUserView[];
  const send = (session: AuthSession, chatId: string, text: string) =>
    api(session).post(`/chats/${chatId}/messages`, { clientMessageId: clientMessageId(), text });

  describe('the block list', () => {
    it('blocks and unblocks with 204, listing the blocked most recent first with profiles', async () => {
      const [ada, bob, cy] = await createUsers(t, 3);
      expect(await blocksOf(ada)).toEqual([]);
      const before = Date.now();
      await block(ada, bob).expect(204);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await block(ada, cy).expect(204);
      const listed = await blocksOf(ada);
      expect(listed).toEqual([
        {
          userId: cy.user.id,
          blockedAt: expect.any(String),
          profile: expect.objectContaining({ id: cy.user.id, name: cy.user.name }),
        },
        {
          userId: bob.user.id,
          blockedAt: expect.any(String),
          profile: expect.objectContaining({ id: bob.user.id, name: bob.user.name }),
        },
      ]);
      for (const entry of listed) {
        expect(new Date(entry.blockedAt).toISOString()).toBe(entry.blockedAt);
        expect(new Date(entry.blockedAt).getTime()).toBeGreaterThanOrEqual(before);
      }
      // The profile is the public one: no e-mail address.
      expect(JSON.stringify(listed)).not.toContain(bob.user.email);

      await unblock(ada, bob).expect(204);
      expect((await blocksOf(ada)).map((b) => b.userId)).toEqual([cy.user.id]);
      // Nobody sees someone else's list.
      expect(await blocksOf(bob)).toEqual([]);
      expect(await blocksOf(cy)).toEqual([]);
    });

    it('changes nothing when blocking again (the first date stays) or unblocking again', async () => {
      const [ada, bob] = await createUsers(t, 2);
      await block(ada, bob).expect(204);
      const [first] = await blocksOf(ada);
      await block(ada, bob).expect(204);
      expect(await blocksOf(ada)).toEqual([first]);
      await unblock(ada, bob).expect(204);
      await unblock(ada, bob).expect(204);
      expect(await blocksOf(ada)).toEqual([]);
    });

    it('refuses blocking yourself (400), an unknown account (404) and an id that is no UUID (400)', async () => {
      const [ada] = await createUsers(t, 1);
      const self = await block(ada, ada).expect(400);
      expect(self.body.details).toEqual([{ field: 'id', messages: [expect.any(String)] }]);
      await api(ada).delete(`/users/${ada.user.id}/block`).expect(400);
      const unknown = await block(ada, NOBODY).expect(404);
      expect(unknown.body).toMatchObject({ statusCode: 404, message: 'User not found' });
      for (const bad of ['me', 'not-a-uuid']) {
        const res = await block(ada, bad).expect(400);
        expect(res.body.details[0].field).toBe('id');
        await api(ada).delete(`/users/${bad}/block`).expect(400);
      }
      expect(await blocksOf(ada)).toEqual([]);
    });

    it('answers 401 without credentials', async () => {
      const [ada] = await createUsers(t, 1);
      await t.http().get('/api/v1/users/me/blocks').expect(401);
      await t.http().put(`/api/v1/users/${ada.user.id}/block`).expect(401);
      await t.http().delete(`/api/v1/users/${ada.user.id}/block`).expect(401);
    });

    it('leaves the users routes beside it alone (GET /users/me, GET /users/:id)', async () => {
      const [ada, bob] = await createUsers(t, 2);
      const me = await api(ada).get('/users/me').expect(200);
      expect(me.body.id).toBe(ada.user.id);
      const other = await api(ada).get(`/users/${bob.user.id}`).expect(200);
      expect(other.body.id).toBe(bob.user.id);
    });
  });

  // These need chat's sends, direct chats and presence to honour the blocks.
  describe('what a block changes', () => {
    it('refuses sends into their direct chat, from either side, with a neutral 403; after the unblock they flow again', async () => {
      const [ada, bob] = await createUsers(t, 2);
      const chat = await openDirectChat(t, ada, bob);
      await send(bob, chat.id, 'before').expect(201);
      await block(ada, bob).expect(204);

      const refused = await send(bob, chat.id, 'after').expect(403);
      // The blocked person is not told that they were blocked.
      expect(refused.body.message).not.toMatch(/block/i);
      await send(ada, chat.id, 'after').expect(403);
      const socket = await connectClient(t, bob);
      const ack = await emitAck(socket, 'message:send', {
        chatId: chat.id,
        clientMessageId: clientMessageId(),
        text: 'over the socket',
      });
      expect(ack).toEqual({ ok: false, error: expect.objectContaining({ code: 'blocked' }) });

      await unblock(ada, bob).expect(204);
      await send(bob, chat.id, 'unblocked').expect(201);
      await send(ada, chat.id, 'unblocked too').expect(201);
    });

    it('refuses edits, reactions, typing and images in their direct chat too, and keeps the upload free', async () => {
      const [ada, bob] = await createUsers(t, 2);
      const chat = await openDirectChat(t, ada, bob);
      const sent = (await send(bob, chat.id, 'mine').expect(201)).body as { seq: number };
      await block(ada, bob).expect(204);
      const message = `/chats/${chat.id}/messages/${sent.seq}`;
      await api(bob).patch(message, { text: 'rewritten into abuse' }).expect(403);
      await api(bob)
        .put(`${message}/reactions/${encodeURIComponent('👎')}`)
        .expect(403);
      await api(ada)
        .put(`${message}/reactions/${encodeURIComponent('👍')}`)
        .expect(403);
      const socket = await connectClient(t, bob);
      expect(await emitAck(socket, 'typing:start', { chatId: chat.id })).toMatchObject({
        ok: false,
        error: { code: 'blocked' },
      });
      const image = await uploadImage(t, bob);
      await api(bob)
        .post(`/chats/${chat.id}/messages`, {
          clientMessageId: clientMessageId(),
          mediaId: image.id,
        })
        .expect(403);
      await unblock(ada, bob).expect(204);
      await api(bob)
        .post(`/chats/${chat.id}/messages`, {
          clientMessageId: clientMessageId(),
          mediaId: image.id,
        })
        .expect(201);
      // Deleting one's own message stays possible: it only takes away.
      await block(ada, bob).expect(204);
      await api(bob).delete(message).expect(200);
    });

    it('keeps the chat refused while the other person still blocks', async () => {
      const [ada, bob] = await createUsers(t, 2);
      const chat = await openDirectChat(t, ada, bob);
      await block(ada, bob).expect(204);
      await block(bob, ada).expect(204);
      await unblock(ada, bob).expect(204);
      await send(ada, chat.id, 'still blocked').expect(403);
      await unblock(bob, ada).expect(204);
      await send(ada, chat.id, 'free').expect(201);
    });

    it('keeps the history readable to both', async () => {
      const [ada, bob] = await createUsers(t, 2);
      const chat = await openDirectChat(t, ada, bob);
      await send(ada, chat.id, 'hello bob').expect(201);
      await send(bob, chat.id, 'hello ada').expect(201);
      await block(bob, ada).expect(204);
      for (const who of [ada, bob]) {
        await api(who).get(`/chats/${chat.id}`).expect(200);
        const history = await api(who).get(`/chats/${chat.id}/messages?afterSeq=0`).expect(200);
        expect(
          (history.body as { items: Array<{ text: string }> }).items.map((m) => m.text),
        ).toEqual(['hello bob', 'hello ada']);
      }
    });

    it('refuses opening a direct chat while a block stands, either way, and allows it after', async () => {
      const [ada, bob] = await createUsers(t, 2);
      await block(ada, bob).expect(204);
      await api(bob).post('/chats/direct', { userId: ada.user.id }).expect(403);
      await api(ada).post('/chats/direct', { userId: bob.user.id }).expect(403);
      expect((await api(bob).get('/chats').expect(200)).body.items).toEqual([]);
      await unblock(ada, bob).expect(204);
      await api(bob).post('/chats/direct', { userId: ada.user.id }).expect(201);
    });

    it("hides the blocker's presence from the blocked person, not the other way round", async () => {
      const [ada, bob] = await createUsers(t, 2);
      await openDirectChat(t, ada, bob);
      const [adaSocket, bobSocket] = await Promise.all([
        connectClient(t, ada),
        connectClient(t, bob),
      ]);
      const hidden = nextEvent(bobSocket, 'presence');
      await block(ada, bob).expect(204);
      expect(await hidden).toEqual({ userId: ada.user.id, online: false, lastSeenAt: null });
      expect(await ackData(bobSocket, 'presence:get', { userIds: [ada.user.id] })).toEqual([]);
      expect(await ackData(adaSocket, 'presence:get', { userIds: [bob.user.id] })).toEqual([
        expect.objectContaining({ userId: bob.user.id, online: true }),
      ]);
      const shown = nextEvent(bobSocket, 'presence');
      await unblock(ada, bob).expect(204);
      expect(await shown).toMatchObject({ userId: ada.user.id, online: true });
      expect(await ackData(bobSocket, 'presence:get', { userIds: [ada.user.id] })).toEqual([
        expect.objectContaining({ userId: ada.user.id, online: true }),
      ]);
    });
  });
});
