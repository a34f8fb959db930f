import type { AuthSession, ChatView, Page } from '@app/contracts';
import { bearer, createGroup, createUsers, type TestApp } from '@app/testing';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';

/**
 * What a group keeps of the people who went: their names on what they wrote, what they had read
 * if they come back, and a chat list that says what the last change was.
 */
describe('A group’s history after people leave or are removed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_RATE_LIMIT: '100000' });
  });

  afterAll(async () => {
    await t.close();
  });

  const api = (session: AuthSession) => ({
    ...messageCalls(t, session),
    add: (chatId: string, userIds: string[]) =>
      t
        .http()
        .post(`/api/v1/chats/${chatId}/members`)
        .set(bearer(session))
        .send({ userIds })
        .expect(201),
    remove: (chatId: string, userId: string) =>
      t.http().delete(`/api/v1/chats/${chatId}/members/${userId}`).set(bearer(session)),
    listed: async (chatId: string) =>
      (
        (await t.http().get('/api/v1/chats').set(bearer(session)).expect(200))
          .body as Page<ChatView>
      ).items.find((chat) => chat.id === chatId),
  });

  async function sendTexts(session: AuthSession, chatId: string, count: number) {
    for (let n = 0; n < count; n += 1) {
      await api(session)
        .send(chatId, { text: `message ${n}` })
        .expect(201);
    }
  }

  it('names someone who left, with their profile, to those who share the history', async () => {
    const [ada, bob, cy] = await createUsers(t, 3);
    const group = await createGroup(t, ada, [bob, cy]);
    await api(bob).send(group.id, { text: 'bye all' }).expect(201);
    await api(bob).remove(group.id, bob.user.id).expect(204);

    const seen = await api(cy).chat(group.id);
    expect(seen.members.map((m) => m.userId)).not.toContain(bob.user.id);
    expect(seen.formerMembers).toEqual([
      {
        userId: bob.user.id,
        leftAt: expect.any(String),
        profile: expect.objectContaining({ id: bob.user.id, name: bob.user.name }),
      },
    ]);
    expect((await api(ada).listed(group.id))?.formerMembers.map((f) => f.userId)).toEqual([
      bob.user.id,
    ]);
  });

  it('gives someone added again the read mark they had, not every message as unread', async () => {
    const [ada, bob] = await createUsers(t, 2);
    const group = await createGroup(t, ada, [bob]);
    await sendTexts(ada, group.id, 5);
    const { lastSeq: readUpTo } = await api(ada).chat(group.id);
    await t
      .http()
      .post(`/api/v1/chats/${group.id}/read`)
      .set(bearer(bob))
      .send({ seq: readUpTo })
      .expect(200);
    await api(ada).remove(group.id, bob.user.id).expect(204);
    await sendTexts(ada, group.id, 2);
    await api(ada).add(group.id, [bob.user.id]);

    const back = await api(bob).listed(group.id);
    // The removal, two texts and the addition arrived after what Bob had read.
    expect(back).toMatchObject({ lastSeq: readUpTo + 4, unreadCount: 4 });
    expect(back?.members.find((m) => m.userId === bob.user.id)).toMatchObject({
      lastReadSeq: readUpTo,
    });
    expect(back?.formerMembers).toEqual([]);
  });

  it('says in the chat list what the last group change was', async () => {
    const [ada, bob, cy] = await createUsers(t, 3);
    const group = await createGroup(t, ada, [bob]);
    await api(ada).add(group.id, [cy.user.id]);
    expect((await api(bob).listed(group.id))?.lastMessage).toMatchObject({
      kind: 'system',
      system: { type: 'members_added', actorId: ada.user.id, userIds: [cy.user.id] },
    });
    await api(ada).send(group.id, { text: 'welcome' }).expect(201);
    expect((await api(bob).listed(group.id))?.lastMessage).toMatchObject({
      kind: 'text',
      text: 'welcome',
      system: null,
    });
  });
});
