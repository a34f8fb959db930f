import { expect } from '@jest/globals';
import type { AuthSession, ChatMessage, ChatView } from '@app/contracts';
import {
  bearer,
  ChatReplica,
  connectClient,
  createGroup,
  createUsers,
  type CatchUpCost,
  type Origin,
} from '@app/testing';
import { messageCalls } from './message-calls';

/** Every message of a chat, as the server has it now, oldest first. */
export async function wholeHistory(t: Origin, session: AuthSession, chatId: string) {
  const all: ChatMessage[] = [];
  for (let afterSeq = 0; ;) {
    const res = await t
      .http()
      .get(`/api/v1/chats/${chatId}/messages?afterSeq=${afterSeq}&limit=100`)
      .set(bearer(session))
      .expect(200);
    const page = res.body as { items: ChatMessage[]; hasMore: boolean };
    all.push(...page.items);
    if (!page.hasMore || page.items.length === 0) return all;
    afterSeq = page.items.at(-1)!.seq;
  }
}

/** A client's copy of a chat made as the web client does: the chat's head first, then history. */
export async function loadReplica(t: Origin, session: AuthSession, chatId: string) {
  const view = (await t.http().get(`/api/v1/chats/${chatId}`).set(bearer(session)).expect(200))
    .body as ChatView;
  const replica = new ChatReplica(chatId, view.lastChangeSeq);
  (await wholeHistory(t, session, chatId)).forEach((message) => replica.apply(message));
  return replica;
}

/** The calls of `messageCalls`, each expected to succeed. */
const call = (t: Origin, session: AuthSession) => {
  const calls = messageCalls(t, session);
  return {
    send: async (chatId: string, body: Record<string, unknown>) =>
      (await calls.send(chatId, body).expect(201)).body as ChatMessage,
    edit: (chatId: string, seq: number, text: string) => calls.edit(chatId, seq, text).expect(200),
    remove: (chatId: string, seq: number) => calls.remove(chatId, seq).expect(200),
    react: (chatId: string, seq: number, emoji: string, add = true) =>
      (add ? calls.react : calls.unreact)(chatId, seq, emoji).expect(200),
  };
};

/**
 * Bob goes offline; Ada (on `writer`) edits, deletes, reacts, replies and sends; Bob comes back on
 * `reader` and catches up with chat:sync. His copy must then be exactly the server's.
 */
export async function offlineChangesCaughtUp(writer: Origin, reader: Origin): Promise<CatchUpCost> {
  const [ada, bob, cy] = await createUsers(writer, 3);
  const group = await createGroup(writer, ada, [bob, cy]);
  const [a, b, c] = [call(writer, ada), call(writer, bob), call(writer, cy)];
  const mine = [];
  for (let i = 1; i <= 6; i += 1) mine.push(await a.send(group.id, { text: `ada ${i}` }));
  const bobs = await b.send(group.id, { text: 'bob 1' });
  await a.react(group.id, mine[0].seq, '👀');

  const replica = await loadReplica(reader, bob, group.id);
  const socket = await connectClient(reader, bob);
  socket.disconnect();

  await a.edit(group.id, mine[0].seq, 'ada 1, edited');
  await a.edit(group.id, mine[0].seq, 'ada 1, edited twice');
  await a.remove(group.id, mine[1].seq);
  await a.react(group.id, mine[2].seq, '👍');
  await c.react(group.id, mine[2].seq, '👍');
  await a.react(group.id, mine[0].seq, '👀', false);
  await a.react(group.id, bobs.seq, '❤️');
  await a.remove(group.id, bobs.seq); // as the group's owner
  const reply = await a.send(group.id, { text: 'about ada 4', replyToSeq: mine[3].seq });
  await a.edit(group.id, mine[3].seq, 'ada 4, edited after the reply');
  await a.edit(group.id, reply.seq, 'about ada 4 (edited)');
  await a.remove(group.id, mine[4].seq);

  const back = await connectClient(reader, bob);
  const cost = await replica.catchUp(back);
  expect(replica.list()).toEqual(await wholeHistory(writer, bob, group.id));
  return cost;
}
