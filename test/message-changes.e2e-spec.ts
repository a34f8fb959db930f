import type { AuthSession, ChatMessage } from '@app/contracts';
import {
  ackData,
  bearer,
  connectClient,
  createGroup,
  createUsers,
  disconnectAll,
  emitAck,
  nextEvent,
  openDirectChat,
  sleep,
  uploadImage,
  type TestApp,
} from '@app/testing';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';

/** Edits, deletions for everyone, reactions, replies and mentions over REST and Socket.IO. */
describe('Messages that change', () => {
  let t: TestApp;
  let ada: AuthSession;
  let bob: AuthSession;
  let cy: AuthSession;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_RATE_LIMIT: '100000' });
    [ada, bob, cy] = await createUsers(t, 3);
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  const api = (session: AuthSession) => messageCalls(t, session);

  /** A direct chat of Ada and Bob with Ada's messages `texts`, seq 1.. */
  const chatWith = async (...texts: string[]) => {
    const chat = await openDirectChat(t, ada, bob);
    const first = chat.lastSeq + 1;
    for (const text of texts) await api(ada).send(chat.id, { text }).expect(201);
    return { chatId: chat.id, first };
  };

  describe('editing', () => {
    it('changes the sender’s text with a higher changeSeq, tells the chat, and search follows', async () => {
      const { chatId, first } = await chatWith('meet at 8 tonight');
      const bobSocket = await connectClient(t, bob);
      const told = nextEvent(bobSocket, 'message:updated');
      const res = await api(ada).edit(chatId, first, '  meet at nine tonight ').expect(200);
      const edited = res.body as ChatMessage;
      expect(edited).toMatchObject({ seq: first, text: 'meet at nine tonight' });
      expect(edited.editedAt).not.toBeNull();
      expect((await told).message).toEqual(edited);
      const search = async (q: string) =>
        (
          await t
            .http()
            .get(`/api/v1/messages/search?q=${q}&chatId=${chatId}`)
            .set(bearer(bob))
            .expect(200)
        ).body.items as ChatMessage[];
      expect((await search('nine')).map((m) => m.seq)).toEqual([first]);
      expect(await search('8')).toEqual([]);
    });

    it('refuses others, system messages, deleted messages, strangers and bad input', async () => {
      const { chatId, first } = await chatWith('mine', 'to delete');
      await api(bob).edit(chatId, first, 'hijack').expect(403);
      await api(cy).edit(chatId, first, 'stranger').expect(403);
      await api(ada)
        .edit(chatId, first + 5, 'nothing there')
        .expect(404);
      await api(ada).edit(chatId, 'x', 'bad seq').expect(400);
      await api(ada).edit(chatId, 0, 'bad seq').expect(400);
      await api(ada).edit(chatId, first, '   ').expect(400);
      await api(ada).edit(chatId, first, 'x'.repeat(4001)).expect(400);
      await api(ada)
        .remove(chatId, first + 1)
        .expect(200);
      await api(ada)
        .edit(chatId, first + 1, 'too late')
        .expect(409);
      const group = await createGroup(t, ada, [bob]);
      await api(ada).edit(group.id, 1, 'the system message').expect(403);
    });

    it('keeps the copy with the later changeSeq when two edits race, everywhere', async () => {
      const { chatId, first } = await chatWith('v0');
      const bobSocket = await connectClient(t, bob);
      const updates: ChatMessage[] = [];
      bobSocket.on('message:updated', ({ message }) => updates.push(message));
      const [one, two] = await Promise.all([
        api(ada).edit(chatId, first, 'v1'),
        api(ada).edit(chatId, first, 'v2'),
      ]);
      const later = [one.body, two.body].sort(
        (a, b) => b.changeSeq - a.changeSeq,
      )[0] as ChatMessage;
      const stored = (await api(bob).history(chatId)).items.find((m) => m.seq === first);
      expect(stored).toEqual(later);
      while (updates.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      const kept = updates.reduce((a, b) => (b.changeSeq > a.changeSeq ? b : a));
      expect(kept).toEqual(later);
    });
  });

  describe('deleting for everyone', () => {
    it('leaves a tombstone, answers it again, hides the image and the chat list says so', async () => {
      const chat = await openDirectChat(t, ada, bob);
      const image = await uploadImage(t, ada);
      const sent = (
        await api(ada)
          .send(chat.id, { mediaId: image.id, text: 'look @bob', mentions: [bob.user.id] })
          .expect(201)
      ).body as ChatMessage;
      await api(bob).react(chat.id, sent.seq, '👍').expect(200);
      await t.http().get(`/api/v1/media/${image.id}`).set(bearer(bob)).expect(200);

      const tombstone = (await api(ada).remove(chat.id, sent.seq).expect(200)).body as ChatMessage;
      expect(tombstone).toMatchObject({
        seq: sent.seq,
        senderId: ada.user.id,
        kind: 'image',
        text: null,
        mediaId: null,
        media: null,
        reactions: [],
        mentions: [],
        createdAt: sent.createdAt,
      });
      expect(tombstone.deletedAt).not.toBeNull();
      expect((await api(ada).remove(chat.id, sent.seq).expect(200)).body).toEqual(tombstone);
      for (const viewer of [ada, bob]) {
        await t.http().get(`/api/v1/media/${image.id}`).set(bearer(viewer)).expect(404);
        await t.http().get(`/api/v1/media/${image.id}/thumbnail`).set(bearer(viewer)).expect(404);
      }
      const view = await api(bob).chat(chat.id);
      expect(view.lastMessage).toMatchObject({ seq: sent.seq, text: null });
      expect(view.lastMessage?.deletedAt).toBe(tombstone.deletedAt);
      expect(view.unreadMentions).toBe(0);
    });

    it('lets a group’s owner or admin delete anyone’s message, and nobody else', async () => {
      const group = await createGroup(t, ada, [bob, cy]);
      const bobs = (await api(bob).send(group.id, { text: 'from bob' }).expect(201))
        .body as ChatMessage;
      await api(cy).remove(group.id, bobs.seq).expect(403);
      await api(ada).remove(group.id, 1).expect(403); // the system message
      await api(ada).remove(group.id, bobs.seq).expect(200);
      const direct = await chatWith('ada in a direct chat');
      await api(bob).remove(direct.chatId, direct.first).expect(403);
    });
  });

  describe('reactions', () => {
    it('adds one emoji per call, twice is no change, removes it, and validates the emoji', async () => {
      const { chatId, first } = await chatWith('react here');
      const added = (await api(bob).react(chatId, first, '👍🏽').expect(200)).body as ChatMessage;
      expect(added.reactions).toEqual([{ emoji: '👍🏽', userIds: [bob.user.id] }]);
      const again = (await api(bob).react(chatId, first, '👍🏽').expect(200)).body as ChatMessage;
      expect(again.changeSeq).toBe(added.changeSeq);
      const both = (await api(ada).react(chatId, first, '👍🏽').expect(200)).body as ChatMessage;
      expect(both.reactions).toEqual([{ emoji: '👍🏽', userIds: [bob.user.id, ada.user.id] }]);
      const removed = (await api(bob).unreact(chatId, first, '👍🏽').expect(200)).body as ChatMessage;
      expect(removed.reactions).toEqual([{ emoji: '👍🏽', userIds: [ada.user.id] }]);
      for (const bad of ['a', '👍👍', '<b>', '%', '1'])
        await api(bob).react(chatId, first, bad).expect(400);
      await api(cy).react(chatId, first, '👍').expect(403);
    });

    it('takes at most 20 different emoji of one person on one message', async () => {
      const { chatId, first } = await chatWith('many');
      const emoji = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩'];
      for (const e of emoji.slice(0, 20)) await api(bob).react(chatId, first, e).expect(200);
      await api(bob).react(chatId, first, emoji[20]).expect(409);
      await api(ada).react(chatId, first, emoji[20]).expect(200);
    });
  });

  describe('replies and mentions', () => {
    it('quotes the original, refuses a missing or deleted one, and drops the quote once it is deleted', async () => {
      const { chatId, first } = await chatWith('the question', 'to be deleted');
      const reply = (
        await api(bob).send(chatId, { text: 'the answer', replyToSeq: first }).expect(201)
      ).body as ChatMessage;
      expect(reply.replyTo).toEqual({
        seq: first,
        senderId: ada.user.id,
        kind: 'text',
        text: 'the question',
      });
      await api(bob)
        .send(chatId, { text: 'x', replyToSeq: first + 50 })
        .expect(400);
      await api(ada)
        .remove(chatId, first + 1)
        .expect(200);
      await api(bob)
        .send(chatId, { text: 'x', replyToSeq: first + 1 })
        .expect(400);
      await api(ada).remove(chatId, first).expect(200);
      const stored = (await api(bob).history(chatId)).items.find((m) => m.seq === reply.seq);
      expect(stored?.replyTo).toBeNull();
    });

    it('mentions members only and counts my unread mentions until I read them', async () => {
      const group = await createGroup(t, ada, [bob]);
      await api(ada)
        .send(group.id, { text: '@cy?', mentions: [cy.user.id] })
        .expect(400);
      await api(ada)
        .send(group.id, { text: '@bob!', mentions: [bob.user.id] })
        .expect(201);
      const sent = (
        await api(ada)
          .send(group.id, { text: '@bob again', mentions: [bob.user.id] })
          .expect(201)
      ).body as ChatMessage;
      expect(sent.mentions).toEqual([bob.user.id]);
      expect((await api(bob).chat(group.id)).unreadMentions).toBe(2);
      expect((await api(ada).chat(group.id)).unreadMentions).toBe(0);
      await t
        .http()
        .post(`/api/v1/chats/${group.id}/read`)
        .set(bearer(bob))
        .send({ seq: sent.seq })
        .expect(200);
      expect((await api(bob).chat(group.id)).unreadMentions).toBe(0);
    });
  });

  describe('over Socket.IO', () => {
    it('acknowledges each change with the message, before the chat is told', async () => {
      const { chatId, first } = await chatWith('socket me');
      const [adaSocket, bobSocket] = await Promise.all([
        connectClient(t, ada),
        connectClient(t, bob),
      ]);
      const order: string[] = [];
      adaSocket.on('message:updated', () => order.push('message:updated'));
      const told = nextEvent(bobSocket, 'message:updated');
      const edited = await new Promise<ChatMessage>((resolve) =>
        adaSocket.emit('message:edit', { chatId, seq: first, text: 'edited' }, (response) => {
          order.push('ack');
          if (response.ok) resolve(response.data);
        }),
      );
      expect((await told).message).toEqual(edited);
      await sleep(20);
      expect(order).toEqual(['ack', 'message:updated']);
      const reacted = await ackData(bobSocket, 'reaction:add', { chatId, seq: first, emoji: '🎉' });
      expect(reacted.reactions).toEqual([{ emoji: '🎉', userIds: [bob.user.id] }]);
      const unreacted = await ackData(bobSocket, 'reaction:remove', {
        chatId,
        seq: first,
        emoji: '🎉',
      });
      expect(unreacted.reactions).toEqual([]);
      const deleted = await ackData(adaSocket, 'message:delete', { chatId, seq: first });
      expect(deleted.deletedAt).not.toBeNull();
      const refused = await emitAck(bobSocket, 'message:edit', { chatId, seq: first, text: 'no' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const invalid = await emitAck(bobSocket, 'reaction:add', { chatId, seq: first, emoji: 'ab' });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    });

    it('serves the change feed to REST clients: everything after a change seq, in order', async () => {
      const { chatId, first } = await chatWith('a', 'b');
      const before = (await api(bob).chat(chatId)).lastChangeSeq;
      await api(ada).edit(chatId, first, 'a2').expect(200);
      await api(ada).send(chatId, { text: 'c' }).expect(201);
      await api(bob)
        .react(chatId, first + 1, '👍')
        .expect(200);
      const feed = await api(bob).history(chatId, `?afterChangeSeq=${before}&limit=2`);
      expect(feed.items.map((m) => [m.seq, m.changeSeq])).toEqual([
        [first, before + 1],
        [first + 2, before + 2],
      ]);
      expect(feed.hasMore).toBe(true);
      const rest = await api(bob).history(chatId, `?afterChangeSeq=${before + 2}`);
      expect(rest.items.map((m) => [m.seq, m.changeSeq])).toEqual([[first + 1, before + 3]]);
      await t
        .http()
        .get(`/api/v1/chats/${chatId}/messages?afterChangeSeq=-1`)
        .set(bearer(bob))
        .expect(400);
      // One way to read at a time: a change feed from a seq would mean two different things.
      await t
        .http()
        .get(`/api/v1/chats/${chatId}/messages?afterChangeSeq=0&afterSeq=1`)
        .set(bearer(bob))
        .expect(400);
    });
  });
});
