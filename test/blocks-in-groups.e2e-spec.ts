import type { AuthSession, ChatView, Page } from '@app/contracts';
import {
  ackData,
  bearer,
  collect,
  connectClient,
  createGroup,
  createUsers,
  disconnectAll,
  nextEvent,
  outboxMessages,
  sleep,
  type ChatClient,
  type TestApp,
} from '@app/testing';
import { blockCalls } from './block-calls';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';

const NOBODY = '01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f';
/** The usual delay of an unread reminder here; a mention's early one comes at once. */
const REMINDER_AFTER_MS = 3000;

/**
 * What a block changes in the groups the two people share. In every test Bob blocks Ada; Cy and
 * Dan blocked nobody, and show what everyone else still gets.
 */
describe('Blocking people who share a group', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      MESSAGE_RATE_LIMIT: '100000',
      UNREAD_REMINDER_AFTER: `${REMINDER_AFTER_MS}ms`,
    });
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  const post = (session: AuthSession, path: string, body: object) =>
    t.http().post(`/api/v1${path}`).set(bearer(session)).send(body);
  const memberIds = async (session: AuthSession, chatId: string) =>
    (await messageCalls(t, session).chat(chatId)).members.map((m) => m.userId).sort();
  const myChats = async (session: AuthSession) =>
    (await t.http().get('/api/v1/chats').set(bearer(session)).expect(200)).body as Page<ChatView>;
  const unreadMentionsIn = async (session: AuthSession, chatId: string) =>
    (await myChats(session)).items.find((chat) => chat.id === chatId)?.unreadMentions;

  /** Ada, Bob, Cy (and Dan) in a group of Ada's, after Bob blocked Ada. */
  async function groupWhereBobBlockedAda(people = 3) {
    const everyone = await createUsers(t, people);
    const [ada, bob, cy, dan] = everyone;
    const group = await createGroup(t, ada, everyone.slice(1));
    await blockCalls(t, bob).block(ada).expect(204);
    return { ada, bob, cy, dan, group };
  }

  describe('adding people to groups', () => {
    it('refuses the blocker, when creating a group or adding to one, with exactly the answer for someone who does not exist (403)', async () => {
      const [ada, bob, cy] = await createUsers(t, 3);
      await blockCalls(t, bob).block(ada).expect(204);

      const missing = await post(ada, '/chats/groups', {
        name: 'G',
        memberIds: [cy.user.id, NOBODY],
      });
      const blocker = await post(ada, '/chats/groups', {
        name: 'G',
        memberIds: [cy.user.id, bob.user.id],
      });
      expect(missing.status).toBe(403);
      expect(blocker.body).toEqual(missing.body);
      expect(JSON.stringify(blocker.body)).not.toMatch(/block/i);
      expect((await myChats(ada)).items).toEqual([]);

      const group = await createGroup(t, ada, [cy]);
      const add = (userId: string) =>
        post(ada, `/chats/${group.id}/members`, { userIds: [userId] });
      const missingLater = await add(NOBODY);
      const blockerLater = await add(bob.user.id);
      expect(missingLater.status).toBe(403);
      expect(blockerLater.body).toEqual(missingLater.body);
      expect(blockerLater.body).toEqual(missing.body);
      expect(await memberIds(ada, group.id)).toEqual([ada.user.id, cy.user.id].sort());
    });

    it('lets the blocker add the person they blocked, anyone else add the blocker, and Ada again after the unblock', async () => {
      const [ada, bob, cy] = await createUsers(t, 3);
      await blockCalls(t, bob).block(ada).expect(204);
      await createGroup(t, bob, [ada]);
      const cysGroup = await createGroup(t, cy, [ada, bob]);
      // Adding someone already in changes nothing, the blocker too: no answer tells them apart.
      await t
        .http()
        .patch(`/api/v1/chats/${cysGroup.id}/members/${ada.user.id}`)
        .set(bearer(cy))
        .send({ role: 'admin' })
        .expect(200);
      await post(ada, `/chats/${cysGroup.id}/members`, { userIds: [bob.user.id] }).expect(201);

      await blockCalls(t, bob).unblock(ada).expect(204);
      await createGroup(t, ada, [bob]);
    });
  });

  describe("the blocked person's mentions of the blocker", () => {
    it('are dropped as the message is stored: no unread mention and no highlight for the blocker, sent alone or together', async () => {
      const { ada, bob, cy, group } = await groupWhereBobBlockedAda();
      const bobSocket = await connectClient(t, bob);
      const live = nextEvent(bobSocket, 'message:new', (e) => e.message.senderId === ada.user.id);
      const mentions = [bob.user.id, cy.user.id];
      const alone = await messageCalls(t, ada).send(group.id, { text: '@bob @cy', mentions });
      expect(alone.status).toBe(201);
      expect(alone.body.mentions).toEqual([cy.user.id]);
      expect((await live).message.mentions).toEqual([cy.user.id]);

      const together = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          messageCalls(t, ada).send(group.id, { text: `@bob @cy ${i}`, mentions }),
        ),
      );
      expect(together.map((res) => res.body.mentions)).toEqual(together.map(() => [cy.user.id]));
      expect(await unreadMentionsIn(bob, group.id)).toBe(0);
      expect(await unreadMentionsIn(cy, group.id)).toBe(5);
      // The blocker's own mentions of the person they blocked are theirs to make.
      const back = await messageCalls(t, bob).send(group.id, {
        text: '@ada',
        mentions: [ada.user.id],
      });
      expect(back.body.mentions).toEqual([ada.user.id]);
    });

    it('bring the blocker no reminder, early or late, and their messages do not count in one', async () => {
      const { ada, bob, cy, dan, group } = await groupWhereBobBlockedAda(4);
      for (const away of [bob, dan]) (await connectClient(t, away)).disconnect();
      await sleep(100);
      await messageCalls(t, cy).send(group.id, { text: 'from Cy' }).expect(201);
      await messageCalls(t, ada)
        .send(group.id, { text: '@bob @dan', mentions: [bob.user.id, dan.user.id] })
        .expect(201);

      // Dan's early reminder shows the mention's path ran; Bob's would have come first.
      await mailsTo(dan, 1, REMINDER_AFTER_MS / 2);
      await sleep(300);
      expect(outboxMessages(t.outboxDir, bob.user.email)).toEqual([]);
      // The usual reminder, about Cy's message alone.
      const [late] = await mailsTo(bob, 1, REMINDER_AFTER_MS * 2);
      expect(late).toMatch(/^Subject: You have 1 unread message\r?$/m);
    });
  });

  describe("the blocker's typing, receipts and presence", () => {
    const connectAll = (people: AuthSession[]): Promise<ChatClient[]> =>
      Promise.all(people.map((person) => connectClient(t, person)));

    it('keep typing from the blocked person in a group, who connected after the block; theirs reaches the blocker', async () => {
      const { ada, bob, cy, group } = await groupWhereBobBlockedAda();
      const [adaSocket, bobSocket, cySocket] = await connectAll([ada, bob, cy]);
      const adaSaw = collect(adaSocket, 'typing');
      const chatId = group.id;

      for (const [event, isTyping] of [
        ['typing:start', true],
        ['typing:stop', false],
      ] as const) {
        const cySees = nextEvent(cySocket, 'typing', (e) => e.userId === bob.user.id);
        await ackData(bobSocket, event, { chatId });
        expect(await cySees).toEqual({ chatId, userId: bob.user.id, isTyping });
      }
      // Events reach one socket in the order sent: Cy's typing comes after any of Bob's.
      const cyTyping = nextEvent(adaSocket, 'typing', (e) => e.userId === cy.user.id);
      await ackData(cySocket, 'typing:start', { chatId });
      await cyTyping;
      expect(adaSaw.map((e) => e.userId)).toEqual([cy.user.id]);

      const adaTyping = nextEvent(bobSocket, 'typing', (e) => e.userId === ada.user.id);
      await ackData(adaSocket, 'typing:start', { chatId });
      await adaTyping;
    });

    it('keep read and delivered marks from the blocked person, already connected, from the block until the unblock', async () => {
      const [ada, bob, cy] = await createUsers(t, 3);
      const group = await createGroup(t, ada, [bob, cy]);
      const [adaSocket, bobSocket, cySocket] = await connectAll([ada, bob, cy]);
      await blockCalls(t, bob).block(ada).expect(204);
      const adaRead = collect(adaSocket, 'message:read');
      const adaDelivered = collect(adaSocket, 'message:delivered');
      const chatId = group.id;
      const { seq } = (await messageCalls(t, ada).send(chatId, { text: 'hi' }).expect(201)).body;
      const fromBob = (e: { userId: string }) => e.userId === bob.user.id;
      const cySees = [
        nextEvent(cySocket, 'message:delivered', fromBob),
        nextEvent(cySocket, 'message:read', fromBob),
      ];

      await ackData(bobSocket, 'message:delivered', { chatId, seq });
      // Read over REST: the same fan-out as over the socket.
      await post(bob, `/chats/${chatId}/read`, { seq }).expect(200);
      expect(await Promise.all(cySees)).toEqual([
        { chatId, userId: bob.user.id, seq },
        { chatId, userId: bob.user.id, seq },
      ]);
      // Events reach one socket in the order sent: Cy's read comes after any of Bob's.
      const cyRead = nextEvent(adaSocket, 'message:read', (e) => e.userId === cy.user.id);
      await ackData(cySocket, 'message:read', { chatId, seq });
      await cyRead;
      expect(adaRead.map((e) => e.userId)).toEqual([cy.user.id]);
      expect(adaDelivered).toEqual([]);

      await blockCalls(t, bob).unblock(ada).expect(204);
      const next = (await messageCalls(t, ada).send(chatId, { text: 'again' }).expect(201)).body;
      const bobRead = nextEvent(adaSocket, 'message:read', (e) => e.userId === bob.user.id);
      await ackData(bobSocket, 'message:read', { chatId, seq: next.seq });
      expect(await bobRead).toEqual({ chatId, userId: bob.user.id, seq: next.seq });
    });

    it('show the blocker offline to the blocked person in a group they share, and not the other way round', async () => {
      const { ada, bob, cy, dan } = await groupWhereBobBlockedAda(4);
      const [adaSocket, cySocket] = await connectAll([ada, cy]);
      const adaSaw = collect(adaSocket, 'presence');
      const bobOnline = nextEvent(
        cySocket,
        'presence',
        (e) => e.userId === bob.user.id && e.online,
      );
      const bobSocket = await connectClient(t, bob);
      await bobOnline;
      expect(await ackData(adaSocket, 'presence:get', { userIds: [bob.user.id] })).toEqual([]);
      expect(await ackData(bobSocket, 'presence:get', { userIds: [ada.user.id] })).toEqual([
        expect.objectContaining({ userId: ada.user.id, online: true }),
      ]);
      const bobOffline = nextEvent(cySocket, 'presence', (e) => e.userId === bob.user.id);
      bobSocket.disconnect();
      await bobOffline;
      // Dan coming online reaches Ada after anything about Bob would have.
      const danOnline = nextEvent(adaSocket, 'presence', (e) => e.userId === dan.user.id);
      await connectClient(t, dan);
      await danOnline;
      const seen = adaSaw.map((e) => e.userId);
      expect(seen).toContain(dan.user.id);
      expect(seen).not.toContain(bob.user.id);
    });
  });

  /** The first `count` e-mails to `person` in the outbox, waiting up to `timeoutMs` for them. */
  async function mailsTo(person: AuthSession, count: number, timeoutMs: number): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mails = outboxMessages(t.outboxDir, person.user.email);
      if (mails.length >= count) return mails.slice(0, count);
      if (Date.now() > deadline) throw new Error(`No e-mail #${count} to ${person.user.email}`);
      await sleep(50);
    }
  }
});
