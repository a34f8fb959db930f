import { randomUUID } from 'node:crypto';
import type { ChatSyncChat } from '@app/contracts';
import { MAX_SYNC_ROWS } from './sync-read-plan';
import { startChatServices, type ChatServices } from '../../test/fixtures/chat-services.fixture';

// chat:sync's cost is fixed before it reads: at most MAX_SYNC_ROWS stored messages per answer,
// however many cursors ask and however much each chat holds, and what it read is charged.
describe('ChatSyncService: the cost of a sync, bounded before it reads', () => {
  let s: ChatServices;

  beforeAll(async () => {
    s = await startChatServices();
  });

  afterAll(() => s.close());

  const text = (words: string) => ({ clientMessageId: randomUUID(), text: words });

  /** `groups` groups of Ada's, each with `count` messages from Bob besides its creation line. */
  async function busyGroups(groups: number, count: number) {
    const [ada, bob] = s.directory.add('Ada', 'Bob');
    const chatIds: string[] = [];
    for (let g = 0; g < groups; g += 1) {
      const { id } = await s.chats.createGroup(bob, `Group ${g}`, [ada]);
      for (let i = 0; i < count; i += 10) {
        const batch = Array.from({ length: Math.min(10, count - i) }, (_, k) => `m${i + k}`);
        await Promise.all(batch.map((words) => s.sender.send(bob, id, text(words))));
      }
      chatIds.push(id);
    }
    return { ada, bob, chatIds };
  }

  /** The rows the repository was asked to read during `work`. */
  async function rowsRead(work: () => Promise<unknown>): Promise<number> {
    const pages = jest.spyOn(s.messagesRepository, 'pagesAfter');
    const changes = jest.spyOn(s.messagesRepository, 'changedAfter');
    try {
      await work();
      const limits = [...pages.mock.calls, ...changes.mock.calls].flatMap(([cursors]) =>
        cursors.map((c) => c.limit),
      );
      return limits.reduce((sum, limit) => sum + limit, 0);
    } finally {
      jest.restoreAllMocks();
    }
  }

  it('reads at most MAX_SYNC_ROWS messages for 20 chats of 101 each, and says the rest is there', async () => {
    const { ada, chatIds } = await busyGroups(20, 101);
    const cursors = chatIds.map((chatId) => ({ chatId, afterSeq: 0, afterChangeSeq: 0 }));
    let answer: ChatSyncChat[] = [];
    const read = await rowsRead(async () => {
      answer = (await s.syncing.sync(ada, cursors)).chats;
    });
    expect(read).toBeLessThanOrEqual(MAX_SYNC_ROWS);
    expect(answer.reduce((n, chat) => n + chat.messages.length, 0)).toBe(MAX_SYNC_ROWS);
    expect(answer.every((chat) => chat.hasMore)).toBe(true);
    expect(answer.slice(1).every((chat) => chat.nextAfterChangeSeq === 0)).toBe(true);
  });

  it('gets a client every message exactly once when it asks again while there is more', async () => {
    const { ada, chatIds } = await busyGroups(3, 150);
    const cursors = new Map(chatIds.map((chatId) => [chatId, { afterSeq: 0, afterChangeSeq: 0 }]));
    const seen = new Map(chatIds.map((chatId) => [chatId, [] as number[]]));
    let rounds = 0;
    for (let more = true; more; rounds += 1) {
      const asked = [...cursors].map(([chatId, cursor]) => ({ chatId, ...cursor }));
      const { chats } = await s.syncing.sync(ada, asked);
      for (const chat of chats) {
        seen.get(chat.chatId)!.push(...chat.messages.map((m) => m.seq));
        const cursor = cursors.get(chat.chatId)!;
        cursor.afterSeq = chat.messages.at(-1)?.seq ?? cursor.afterSeq;
        cursor.afterChangeSeq = chat.nextAfterChangeSeq;
      }
      more = chats.some((chat) => chat.hasMore);
    }
    const everySeq = Array.from({ length: 151 }, (_, i) => i + 1);
    expect([...seen.values()]).toEqual(chatIds.map(() => everySeq));
    // The messages take 5 answers; while a chat's are incomplete its change cursor stays put, so
    // the answers after that list its changes since the start, a page at a time.
    expect(rounds).toBeLessThanOrEqual(10);
  });

  it('reads new messages, then changes, within the same bound', async () => {
    const { ada, bob, chatIds } = await busyGroups(1, 120);
    const [chatId] = chatIds;
    const { lastChangeSeq } = await s.chats.get(ada, chatId);
    for (const seq of [2, 3, 4]) await s.changes.edit(bob, chatId, seq, `edited ${seq}`);
    const [chat] = (
      await s.syncing.sync(ada, [{ chatId, afterSeq: 50, afterChangeSeq: lastChangeSeq }])
    ).chats;
    expect(chat.messages).toHaveLength(71);
    expect(chat.changed.map((m) => m.seq)).toEqual([2, 3, 4]);
    expect(chat.hasMore).toBe(false);
    const [tight] = (
      await s.syncing.sync(ada, [{ chatId, afterSeq: 0, afterChangeSeq: lastChangeSeq }])
    ).chats;
    expect(tight.messages).toHaveLength(MAX_SYNC_ROWS);
    expect(tight.changed).toEqual([]);
    expect(tight).toMatchObject({ hasMore: true, nextAfterChangeSeq: lastChangeSeq });
  });

  it('reads no more than the caller has left, charges it, and always lets the first chat move on', async () => {
    const { ada, chatIds } = await busyGroups(2, 30);
    const spent: number[] = [];
    const allowance = (available: number) => ({ available, spend: (n: number) => spent.push(n) });
    const cursors = chatIds.map((chatId) => ({ chatId, afterSeq: 0 }));
    const some = await s.syncing.sync(ada, cursors, allowance(7));
    expect(some.chats.map((c) => c.messages.length)).toEqual([7, 0]);
    const none = await s.syncing.sync(ada, cursors, allowance(0));
    expect(none.chats.map((c) => c.messages.length)).toEqual([1, 0]);
    expect(spent).toEqual([7, 1]);
  });
});
