import type { AuthSession, ChatInfo, ChatView, Page } from '@app/contracts';
import {
  ackData,
  bearer,
  connectClient,
  createGroup,
  createUsers,
  disconnectAll,
  nextEvent,
  sleep,
  type TestApp,
} from '@app/testing';
import { blockCalls } from './block-calls';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';

/**
 * Presence (online, last seen) and read marks are shown by one rule: only to people who share a
 * chat with the person and whom the person has not blocked. Profiles and search carry no presence
 * at all; chat views and `chat:updated` hide the marks of members who blocked the viewer.
 */
describe('Who sees whose presence and read marks', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_RATE_LIMIT: '100000' });
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  const get = (session: AuthSession, path: string) =>
    t.http().get(`/api/v1${path}`).set(bearer(session)).expect(200);

  /** Bob was online and went offline, so he has a last seen. */
  async function bobWasSeen(bob: AuthSession) {
    const socket = await connectClient(t, bob);
    socket.disconnect();
    await sleep(200);
  }

  /** Every `lastSeenAt` anywhere in a JSON answer. */
  const lastSeenValues = (body: unknown): unknown[] =>
    JSON.stringify(body).match(/"lastSeenAt":[^,}]*/g) ?? [];

  it('shows a stranger no presence in profiles, search or presence:get', async () => {
    const [stranger, bob] = await createUsers(t, 2);
    await bobWasSeen(bob);
    const profile = await get(stranger, `/users/${bob.user.id}`);
    expect(profile.body).not.toHaveProperty('lastSeenAt');
    const found = await get(stranger, `/users?search=${encodeURIComponent(bob.user.name)}`);
    expect(found.body.items.map((u: { id: string }) => u.id)).toContain(bob.user.id);
    expect(lastSeenValues(found.body)).toEqual([]);
    const socket = await connectClient(t, stranger);
    expect(await ackData(socket, 'presence:get', { userIds: [bob.user.id] })).toEqual([]);
  });

  it('shows a member presence only through presence, never inside a chat view', async () => {
    const [ada, bob] = await createUsers(t, 2);
    const group = await createGroup(t, ada, [bob]);
    await bobWasSeen(bob);
    expect(lastSeenValues((await get(ada, '/chats')).body)).toEqual([]);
    expect(lastSeenValues((await get(ada, `/chats/${group.id}`)).body)).toEqual([]);
    const socket = await connectClient(t, ada);
    const [state] = await ackData(socket, 'presence:get', { userIds: [bob.user.id] });
    expect(state).toMatchObject({ userId: bob.user.id, online: false });
    expect(state.lastSeenAt).toEqual(expect.any(String));
  });

  describe('after Bob blocked Ada in a group they share with Cy', () => {
    async function groupWithReadMarks() {
      const [ada, bob, cy] = await createUsers(t, 3);
      const group = await createGroup(t, ada, [bob, cy]);
      await messageCalls(t, ada).send(group.id, { text: 'hello' }).expect(201);
      for (const reader of [bob, cy]) {
        await t
          .http()
          .post(`/api/v1/chats/${group.id}/read`)
          .set(bearer(reader))
          .send({ seq: 2 })
          .expect(200);
      }
      await bobWasSeen(bob);
      await blockCalls(t, bob).block(ada).expect(204);
      return { ada, bob, cy, group };
    }

    const marksOf = (chat: ChatInfo, userId: string) => {
      const member = chat.members.find((m) => m.userId === userId);
      return [member?.lastReadSeq, member?.lastDeliveredSeq];
    };

    it("hides Bob's read marks from Ada in the chat list and the chat, not from Cy", async () => {
      const { ada, bob, cy, group } = await groupWithReadMarks();
      const listed = (await get(ada, '/chats')).body as Page<ChatView>;
      const inList = listed.items.find((chat) => chat.id === group.id)!;
      expect(marksOf(inList, bob.user.id)).toEqual([0, 0]);
      expect(marksOf(inList, cy.user.id)[0]).toBe(2);
      expect(marksOf((await get(ada, `/chats/${group.id}`)).body, bob.user.id)).toEqual([0, 0]);
      expect(marksOf((await get(cy, `/chats/${group.id}`)).body, bob.user.id)[0]).toBe(2);
    });

    it("hides Bob's presence from Ada, while Cy still sees it", async () => {
      const { ada, bob, cy } = await groupWithReadMarks();
      const adaSocket = await connectClient(t, ada);
      expect(await ackData(adaSocket, 'presence:get', { userIds: [bob.user.id] })).toEqual([]);
      const cySocket = await connectClient(t, cy);
      const [state] = await ackData(cySocket, 'presence:get', { userIds: [bob.user.id] });
      expect(state.lastSeenAt).toEqual(expect.any(String));
    });

    it("sends Ada chat:updated without Bob's marks, and Cy with them", async () => {
      const { ada, bob, cy, group } = await groupWithReadMarks();
      const [adaSocket, cySocket] = [await connectClient(t, ada), await connectClient(t, cy)];
      const toAda = nextEvent(adaSocket, 'chat:updated', (e) => e.chat.id === group.id);
      const toCy = nextEvent(cySocket, 'chat:updated', (e) => e.chat.id === group.id);
      await t
        .http()
        .patch(`/api/v1/chats/${group.id}`)
        .set(bearer(ada))
        .send({ name: 'Renamed' })
        .expect(200);
      expect(marksOf((await toAda).chat, bob.user.id)).toEqual([0, 0]);
      expect(marksOf((await toCy).chat, bob.user.id)[0]).toBe(2);
    });
  });
});
