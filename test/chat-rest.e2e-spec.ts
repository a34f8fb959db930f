import type { AuthSession, ChatMessage, ChatView } from '@app/contracts';
import {
  bearer,
  clientMessageId,
  createGroup,
  createUsers,
  openDirectChat,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';

describe('Chats and messages over REST', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_RATE_LIMIT: '100000' });
  });

  afterAll(async () => {
    await t.close();
  });

  const api = (session: AuthSession) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set(bearer(session)),
    post: (path: string, body: object) =>
      t.http().post(`/api/v1${path}`).set(bearer(session)).send(body),
    patch: (path: string, body: object) =>
      t.http().patch(`/api/v1${path}`).set(bearer(session)).send(body),
    delete: (path: string) => t.http().delete(`/api/v1${path}`).set(bearer(session)),
  });
  const send = (session: AuthSession, chatId: string, text: string, id = clientMessageId()) =>
    api(session).post(`/chats/${chatId}/messages`, { clientMessageId: id, text });
  const messages = async (session: AuthSession, chatId: string, query = '') =>
    (await api(session).get(`/chats/${chatId}/messages${query}`).expect(200)).body as {
      items: ChatMessage[];
      hasMore: boolean;
    };

  describe('groups', () => {
    it('creates a group with its creator as owner, members with profiles, and a system message', async () => {
      const [ada, bob, cy] = await createUsers(t, 3);
      const group = await createGroup(t, ada, [bob, cy, bob], 'Trip');
      expect(group).toMatchObject({
        kind: 'group',
        name: 'Trip',
        createdBy: ada.user.id,
        myRole: 'owner',
        lastSeq: 1,
        unreadCount: 0,
      });
      expect(group.members.map((m) => [m.userId, m.role, m.profile?.name])).toEqual([
        [ada.user.id, 'owner', ada.user.name],
        ...[bob, cy]
          .map((s) => [s.user.id, 'member', s.user.name])
          .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      ]);
      const [created] = (await messages(bob, group.id)).items;
      expect(created).toMatchObject({
        seq: 1,
        kind: 'system',
        senderId: ada.user.id,
        system: { type: 'chat_created', actorId: ada.user.id },
      });
      expect(created.system?.userIds?.sort()).toEqual([bob.user.id, cy.user.id].sort());
    });

    it('refuses unknown members and bad names', async () => {
      const [ada] = await createUsers(t, 1);
      await api(ada)
        .post('/chats/groups', { name: 'X', memberIds: ['01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f'] })
        .expect(403);
      const blank = await api(ada)
        .post('/chats/groups', { name: '   ', memberIds: [] })
        .expect(400);
      expect(blank.body.details[0].field).toBe('name');
      await api(ada)
        .post('/chats/groups', { name: 'n'.repeat(81), memberIds: [] })
        .expect(400);
    });

    it('lets the owner rename, promote an admin who adds and removes members, with system messages', async () => {
      const [owner, admin, member, newcomer] = await createUsers(t, 4);
      const group = await createGroup(t, owner, [admin, member], 'Old name');
      const renamed = await api(owner)
        .patch(`/chats/${group.id}`, { name: ' New name ' })
        .expect(200);
      expect(renamed.body.name).toBe('New name');
      await api(admin)
        .post(`/chats/${group.id}/members`, { userIds: [newcomer.user.id] })
        .expect(403);
      await api(owner)
        .patch(`/chats/${group.id}/members/${admin.user.id}`, { role: 'admin' })
        .expect(200);
      await api(admin)
        .patch(`/chats/${group.id}/members/${member.user.id}`, { role: 'admin' })
        .expect(403);
      const added = await api(admin)
        .post(`/chats/${group.id}/members`, { userIds: [newcomer.user.id, member.user.id] })
        .expect(201);
      expect(added.body.members).toHaveLength(4);
      await api(admin).delete(`/chats/${group.id}/members/${newcomer.user.id}`).expect(204);
      await api(admin).delete(`/chats/${group.id}/members/${owner.user.id}`).expect(403);
      const events = (await messages(owner, group.id, '?afterSeq=0')).items.map((m) => m.system);
      expect(events).toEqual([
        expect.objectContaining({ type: 'chat_created' }),
        { type: 'renamed', actorId: owner.user.id, name: 'New name' },
        { type: 'members_added', actorId: admin.user.id, userIds: [newcomer.user.id] },
        { type: 'member_removed', actorId: admin.user.id, userIds: [newcomer.user.id] },
      ]);
      await api(newcomer).get(`/chats/${group.id}`).expect(404);
    });

    it('lets only the owner remove an admin, and hands ownership over when the owner leaves', async () => {
      const [owner, admin1, admin2, member] = await createUsers(t, 4);
      const group = await createGroup(t, owner, [admin1, admin2, member]);
      for (const admin of [admin1, admin2]) {
        await api(owner)
          .patch(`/chats/${group.id}/members/${admin.user.id}`, { role: 'admin' })
          .expect(200);
      }
      await api(admin1).delete(`/chats/${group.id}/members/${admin2.user.id}`).expect(403);
      await api(owner).delete(`/chats/${group.id}/members/${admin2.user.id}`).expect(204);
      await api(owner).delete(`/chats/${group.id}/members/${owner.user.id}`).expect(204);
      const after = (await api(member).get(`/chats/${group.id}`).expect(200)).body as ChatView;
      expect(after.members.map((m) => [m.userId, m.role])).toEqual([
        [admin1.user.id, 'owner'],
        [member.user.id, 'member'],
      ]);
      const last = (await messages(member, group.id)).items[0];
      expect(last.system).toEqual({
        type: 'member_left',
        actorId: owner.user.id,
        userIds: [owner.user.id],
      });
    });

    it('has no renaming or member changes for direct chats', async () => {
      const [ada, bob, cy] = await createUsers(t, 3);
      const chat = await openDirectChat(t, ada, bob);
      expect(chat).toMatchObject({ kind: 'direct', name: null, lastSeq: 0 });
      await api(ada).patch(`/chats/${chat.id}`, { name: 'Us' }).expect(403);
      await api(ada)
        .post(`/chats/${chat.id}/members`, { userIds: [cy.user.id] })
        .expect(403);
      await api(ada).delete(`/chats/${chat.id}/members/${ada.user.id}`).expect(403);
    });
  });

  describe('the chat list', () => {
    it('orders chats by last activity with last message, unread count and members, in exact pages', async () => {
      const [me, ...others] = await createUsers(t, 6);
      const chats: ChatView[] = [];
      for (const other of others) chats.push(await openDirectChat(t, me, other));
      await send(others[1], chats[1].id, 'newest activity').expect(201);
      await send(others[3], chats[3].id, 'one').expect(201);
      await send(others[3], chats[3].id, 'two').expect(201);
      await send(others[1], chats[1].id, 'x'.repeat(300)).expect(201);

      const page1 = await api(me).get('/chats?limit=2').expect(200);
      expect(page1.body.items.map((c: ChatView) => c.id)).toEqual([chats[1].id, chats[3].id]);
      const top = page1.body.items[0] as ChatView;
      expect(top.unreadCount).toBe(2);
      expect(top.lastMessage).toMatchObject({
        seq: 2,
        senderId: others[1].user.id,
        kind: 'text',
        text: 'x'.repeat(200),
      });
      expect(top.members.map((m) => m.profile?.name).sort()).toEqual(
        [me.user.name, others[1].user.name].sort(),
      );
      expect(JSON.stringify(top.members)).not.toContain('@example.com');

      const seen: string[] = page1.body.items.map((c: ChatView) => c.id);
      let cursor = page1.body.nextCursor as string | null;
      while (cursor) {
        const page = await api(me).get(`/chats?limit=2&cursor=${cursor}`).expect(200);
        seen.push(...page.body.items.map((c: ChatView) => c.id));
        cursor = page.body.nextCursor;
      }
      expect(seen).toEqual([chats[1], chats[3], chats[4], chats[2], chats[0]].map((c) => c.id));
      await api(me).get('/chats?limit=51').expect(400);
      await api(me).get('/chats?cursor=forged').expect(400);
    });
  });

  describe('messages', () => {
    let ada: AuthSession;
    let bob: AuthSession;
    let chat: ChatView;

    beforeAll(async () => {
      [ada, bob] = await createUsers(t, 2);
      chat = await openDirectChat(t, ada, bob);
      for (let i = 1; i <= 7; i += 1)
        await send(i % 2 ? ada : bob, chat.id, `message ${i}`).expect(201);
    });

    it('pages history newest first before a seq, oldest first after one, and the newest by default', async () => {
      const newest = await messages(bob, chat.id, '?limit=3');
      expect(newest.items.map((m) => m.seq)).toEqual([7, 6, 5]);
      expect(newest.hasMore).toBe(true);
      const older = await messages(bob, chat.id, '?beforeSeq=5&limit=3');
      expect(older.items.map((m) => m.seq)).toEqual([4, 3, 2]);
      const oldest = await messages(bob, chat.id, '?beforeSeq=2&limit=3');
      expect(oldest).toEqual({ items: [expect.objectContaining({ seq: 1 })], hasMore: false });
      const after = await messages(bob, chat.id, '?afterSeq=4');
      expect(after.items.map((m) => m.seq)).toEqual([5, 6, 7]);
      expect(after.hasMore).toBe(false);
    });

    it('bounds pages and refuses asking both ways at once', async () => {
      await api(bob).get(`/chats/${chat.id}/messages?limit=101`).expect(400);
      await api(bob).get(`/chats/${chat.id}/messages?beforeSeq=3&afterSeq=1`).expect(400);
      await api(bob).get(`/chats/${chat.id}/messages?beforeSeq=0`).expect(400);
    });

    it('answers 201 for a new message and 200 with the original for a retried clientMessageId', async () => {
      const id = clientMessageId();
      const first = await send(ada, chat.id, 'retry me', id).expect(201);
      const retry = await send(ada, chat.id, 'retry me', id).expect(200);
      expect(retry.body).toEqual(first.body);
      const other = await openDirectChat(t, ada, (await createUsers(t, 1))[0]);
      const misuse = await send(ada, other.id, 'elsewhere', id).expect(400);
      expect(misuse.body.details[0].field).toBe('clientMessageId');
    });

    it('trims text, refuses empty text, and accepts up to 4,000 characters', async () => {
      expect((await send(ada, chat.id, '  padded  ').expect(201)).body.text).toBe('padded');
      expect((await send(ada, chat.id, '   ').expect(400)).body.details[0].field).toBe('text');
      await send(ada, chat.id, 'y'.repeat(4000)).expect(201);
      expect((await send(ada, chat.id, 'y'.repeat(4001)).expect(400)).body.details[0].field).toBe(
        'text',
      );
      await api(ada)
        .post(`/chats/${chat.id}/messages`, { clientMessageId: 'has spaces', text: 'x' })
        .expect(400);
      await api(ada).post(`/chats/${chat.id}/messages`, { text: 'no id' }).expect(400);
    });

    it('searches the caller’s chats by every word, case-insensitively, optionally in one chat', async () => {
      await send(ada, chat.id, 'The Quick brown fox').expect(201);
      await send(bob, chat.id, 'quick thinking').expect(201);
      const both = await api(bob).get('/messages/search?q=QUICK').expect(200);
      expect(both.body.items.map((m: ChatMessage) => m.text)).toEqual([
        'quick thinking',
        'The Quick brown fox',
      ]);
      const all = await api(bob).get('/messages/search?q=quick%20fox').expect(200);
      expect(all.body.items.map((m: ChatMessage) => m.text)).toEqual(['The Quick brown fox']);
      const inChat = await api(bob)
        .get(`/messages/search?q=quick&chatId=${chat.id}&limit=1`)
        .expect(200);
      expect(inChat.body.items).toHaveLength(1);
      await api(bob).get('/messages/search?q=').expect(400);
    });

    it('searches as people type: the last word matches the start of a word', async () => {
      await send(ada, chat.id, 'Lorem ipsum').expect(201);
      await send(ada, chat.id, 'Two lines to read').expect(201);
      const texts = async (q: string) => {
        const found = await api(bob)
          .get(`/messages/search?q=${encodeURIComponent(q)}`)
          .expect(200);
        return found.body.items.map((m: ChatMessage) => m.text);
      };
      expect(await texts('lor')).toEqual(['Lorem ipsum']);
      expect(await texts('line')).toEqual(['Two lines to read']);
      expect(await texts('two line')).toEqual(['Two lines to read']);
      expect(await texts('line read')).toEqual([]);
      // Punctuation alone has no words: nothing found, and no error.
      expect(await texts('*:|!')).toEqual([]);
    });
  });
});
