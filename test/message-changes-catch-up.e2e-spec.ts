import type { AuthSession } from '@app/contracts';
import {
  ackData,
  bearer,
  clientMessageId,
  connectClient,
  createUsers,
  disconnectAll,
  openDirectChat,
  type TestApp,
} from '@app/testing';
import { loadReplica, offlineChangesCaughtUp, wholeHistory } from './offline-changes';
import { startTestApp } from './test-app';

/** A client that was offline learns of edits, deletions and reactions as of new messages. */
describe('Catching up on changes after being offline', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MESSAGE_RATE_LIMIT: '100000' });
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t.close();
  });

  it('ends with exactly the server’s copy of every message', async () => {
    const cost = await offlineChangesCaughtUp(t, t);
    expect(cost.roundTrips).toBe(1);
  });

  const react = (session: AuthSession, ref: { chatId: string; seq: number }, add: boolean) =>
    t
      .http()
      [add ? 'put' : 'delete'](
        `/api/v1/chats/${ref.chatId}/messages/${ref.seq}/reactions/%F0%9F%91%8D`,
      )
      .set(bearer(session))
      .expect(200);

  it('takes 1,000 offline changes in one chat in bounded round trips, each answer under 1 MB', async () => {
    const [ada, bob] = await createUsers(t, 2);
    const chat = await openDirectChat(t, ada, bob);
    const adaSocket = await connectClient(t, ada);
    const seqs: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const sent = await ackData(adaSocket, 'message:send', {
        chatId: chat.id,
        clientMessageId: clientMessageId(),
        text: `message ${i}`,
      });
      seqs.push(sent.seq);
    }
    const replica = await loadReplica(t, bob, chat.id);
    // 1,000 changes, each to one of the 200 messages: edits and reactions, some undone.
    for (let i = 0; i < 1000; i += 1) {
      const seq = seqs[(i * 7) % seqs.length];
      const ref = { chatId: chat.id, seq };
      // Reactions over REST: their socket budget is made for people, not for this loop.
      if (i % 2 === 0) await ackData(adaSocket, 'message:edit', { ...ref, text: `edit ${i}` });
      else await react(ada, ref, i % 4 === 1);
    }
    const bobSocket = await connectClient(t, bob);
    const cost = await replica.catchUp(bobSocket);
    console.info(
      `chat:sync after 1,000 offline changes to 200 messages: ${cost.roundTrips} round trips, ${cost.messages} messages, ${cost.bytes} bytes`,
    );
    expect(replica.list()).toEqual(await wholeHistory(t, bob, chat.id));
    expect(cost.roundTrips).toBeLessThanOrEqual(3);
    expect(cost.messages).toBeLessThanOrEqual(seqs.length + 100);
    expect(
      (await t.http().get(`/api/v1/chats/${chat.id}`).set(bearer(bob)).expect(200)).body
        .lastChangeSeq,
    ).toBe(replica.afterChangeSeq);
    // 1,200 writes one after another to set the scene: up to about 30 s on a busy 2-core machine.
    // The test measures round trips and bytes, not time.
  }, 90_000);
});
