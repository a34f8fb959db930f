import type { Connection } from 'mongoose';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDuplicateKey, newId } from '@app/database';
import { summaryText, type MessageRecord, type NewMessage } from './chat.records';
import {
  SENDER_CLIENT_MESSAGE_ID_INDEX,
  type ChatMessageDocument,
  type LastMessageDocument,
} from './chat.schemas';
import {
  MessagesRepository,
  type MessagePageQuery,
  type MessageSearchQuery,
  type UnreadSince,
} from './messages.repository';
import {
  chatMemberModel,
  chatMessageModel,
  chatModel,
  newMessageDocument,
  numberedMessages,
  toMessageRecord,
  type ChatMemberModel,
  type ChatMessageModel,
  type ChatModel,
} from './mongo-chat-documents';
import { OneAtATimePerKey } from './one-at-a-time-per-key';

/** How often a duplicate looks again for its original's seq while the original is being stored. */
const ORIGINAL_POLL_MS = 15;
/**
 * How long a duplicate waits for an unnumbered original before taking it for the leftover of a
 * process that died between its two writes, and clearing it out of the way.
 */
const ORIGINAL_WAIT_MS = 5000;
/** Reads of a catch-up page that shows a seq still being written, and the pause between them. */
const GAP_READS = 5;
const GAP_READ_PAUSE_MS = 20;
/** Rounds of `appendIf` when originals keep vanishing (each vanishing is a writer giving up). */
const APPEND_ATTEMPTS = 5;

type Appended = { message: MessageRecord; created: boolean };
type ClientMessageKey = { senderId: string; clientMessageId: string };

/**
 * `MessagesRepository` over Mongoose, for a standalone MongoDB (no multi-document transactions).
 *
 * An append is three steps where SQL has one statement: reserve the message (insert it without a
 * seq; the unique (senderId, clientMessageId) index turns a duplicate away here, before any seq is
 * taken), take the seq (one atomic update of the chat: `$inc` of `lastSeq`, the last message and
 * the activity, conditional on the sender being in `memberIds` when it must be a member), then
 * number the message and move the sender's marks. A seq is skipped only when the process dies (or
 * stalls past `ORIGINAL_WAIT_MS`) between taking it and numbering the message. Unlike SQL, where
 * the chat row lock orders the commits, a reader may see seq n+1 a moment before seq n.
 *
 * Appends to one chat from this process run one at a time: with several in flight, seq n+1 could
 * be numbered (and so fanned out by the caller) before seq n, and a client that got n+1 first and
 * then lost its connection would resume after n+1 and never see n. Other processes' appends can
 * still interleave; their readers are covered by catch-up stopping at a gap (`contiguousAfter`).
 */
export class MongoMessagesRepository extends MessagesRepository {
  /** Appends in flight, queued per chat. */
  private readonly appends = new OneAtATimePerKey();

  private constructor(
    private readonly messages: ChatMessageModel,
    private readonly chats: ChatModel,
    private readonly members: ChatMemberModel,
  ) {
    super();
  }

  static async create(connection: Connection): Promise<MongoMessagesRepository> {
    return new MongoMessagesRepository(
      await chatMessageModel(connection),
      await chatModel(connection),
      await chatMemberModel(connection),
    );
  }

  async append(message: NewMessage): Promise<Appended> {
    const appended = await this.appendIf(message, false);
    if (!appended) throw new Error(`Chat ${message.chatId} does not exist`);
    return appended;
  }

  appendFromMember(message: NewMessage & { senderId: string }): Promise<Appended | null> {
    return this.appendIf(message, true);
  }

  /**
   * Stores once per round; a duplicate waits for its original outside the chat's queue (that
   * wait can last `ORIGINAL_WAIT_MS`, and the chat's other sends must not wait behind it).
   */
  private async appendIf(
    message: NewMessage,
    senderMustBeMember: boolean,
  ): Promise<Appended | null> {
    const { chatId, senderId, clientMessageId } = message;
    const member = senderMustBeMember ? senderId : null;
    for (let attempt = 1; attempt <= APPEND_ATTEMPTS; attempt++) {
      const stored = await this.appends.run(chatId, () => this.storeOnce(message, member));
      if (stored === 'cleared') continue;
      if (stored === null || 'message' in stored) return stored;
      const original = await this.awaitOriginal(stored.duplicateOf);
      if (!original) continue;
      const chatFilter = member === null ? { _id: chatId } : { _id: chatId, memberIds: member };
      if (!(await this.chats.exists(chatFilter))) return null;
      return { message: original, created: false };
    }
    throw new Error(`Could not store message ${clientMessageId ?? ''} of ${senderId ?? 'nobody'}`);
  }

  /**
   * One round: the stored message; null when the chat is missing or `member` is not in it;
   * `duplicateOf` when the sender already used this client id; `cleared` when a duplicate that
   * waited too long removed this reservation (the next round finds its message).
   */
  private async storeOnce(
    message: NewMessage,
    member: string | null,
  ): Promise<Appended | null | { duplicateOf: ClientMessageKey } | 'cleared'> {
    const { chatId, senderId, clientMessageId } = message;
    const now = new Date();
    const doc = newMessageDocument(newId(now.getTime()), message, now);
    try {
      await this.messages.insertOne(doc);
    } catch (error) {
      if (senderId === null || clientMessageId === null) throw error;
      if (!isDuplicateKey(error, SENDER_CLIENT_MESSAGE_ID_INDEX)) throw error;
      return { duplicateOf: { senderId, clientMessageId } };
    }
    const seq = await this.takeSeq(doc, member);
    if (seq === null) {
      // No seq was taken; with the reservation gone, nothing of this call remains.
      await this.messages.deleteOne({ _id: doc._id });
      return null;
    }
    const [numbered] = await Promise.all([
      this.messages.updateOne({ _id: doc._id, seq: { $exists: false } }, { $set: { seq } }),
      senderId === null
        ? null
        : this.members.updateOne(
            { chatId, userId: senderId },
            { $max: { lastReadSeq: seq, lastDeliveredSeq: seq } },
          ),
    ]);
    if (numbered.matchedCount === 1) return { message: toMessageRecord(doc, seq), created: true };
    return 'cleared';
  }

  /**
   * The next seq of the chat, with the chat's last message and activity moved to this message in
   * the same update; null when the chat does not exist or `member` is not in its `memberIds`
   * (which loses a user before their member document goes).
   */
  private async takeSeq(doc: ChatMessageDocument, member: string | null): Promise<number | null> {
    const lastMessage: LastMessageDocument = {
      id: doc._id,
      senderId: doc.senderId ?? null,
      kind: doc.kind,
      text: doc.text === undefined ? null : summaryText(doc.text),
      createdAt: doc.createdAt,
    };
    const chat = await this.chats
      .findOneAndUpdate(
        member === null ? { _id: doc.chatId } : { _id: doc.chatId, memberIds: member },
        { $inc: { lastSeq: 1 }, $max: { updatedAt: doc.createdAt }, $set: { lastMessage } },
        { returnDocument: 'after', projection: { lastSeq: 1 } },
      )
      .lean();
    return chat ? chat.lastSeq : null;
  }

  /**
   * The numbered message with these ids, waiting while it is still a reservation; null when there
   * is none (anymore), so that the caller reserves again.
   */
  private async awaitOriginal({
    senderId,
    clientMessageId,
  }: ClientMessageKey): Promise<MessageRecord | null> {
    const deadline = Date.now() + ORIGINAL_WAIT_MS;
    for (;;) {
      const doc = await this.messages.findOne({ senderId, clientMessageId }).lean();
      if (!doc) return null;
      if (doc.seq !== undefined) return toMessageRecord(doc, doc.seq);
      if (Date.now() >= deadline) {
        // Conditional, so that a writer numbering it at this very moment keeps it.
        await this.messages.deleteOne({ _id: doc._id, seq: { $exists: false } });
        return null;
      }
      await sleep(ORIGINAL_POLL_MS);
    }
  }

  async findByClientMessageId(
    senderId: string,
    clientMessageId: string,
  ): Promise<MessageRecord | null> {
    const doc = await this.messages
      .findOne({ senderId, clientMessageId, seq: { $exists: true } })
      .lean();
    return doc?.seq === undefined ? null : toMessageRecord(doc, doc.seq);
  }

  async page(chatId: string, query: MessagePageQuery): Promise<MessageRecord[]> {
    if (query.limit <= 0) return [];
    if (query.afterSeq !== undefined) return this.pageAfter(chatId, query.afterSeq, query.limit);
    const seq = query.beforeSeq === undefined ? { $exists: true } : { $lt: query.beforeSeq };
    const docs = await this.messages
      .find({ chatId, seq })
      .sort({ seq: -1 })
      .limit(query.limit)
      .lean();
    return numberedMessages(docs);
  }

  /**
   * Catch-up must not step over a seq whose message is still being written (see
   * `contiguousAfter`). Such a gap fills within a round trip, so the page is read again a few
   * times before it is cut short at the gap: a short page reads as "nothing more" to the client.
   */
  private async pageAfter(
    chatId: string,
    afterSeq: number,
    limit: number,
  ): Promise<MessageRecord[]> {
    for (let attempt = 1; ; attempt++) {
      const docs = await this.messages
        .find({ chatId, seq: { $gt: afterSeq } })
        .sort({ seq: 1 })
        .limit(limit)
        .lean();
      const records = numberedMessages(docs);
      const contiguous = contiguousAfter(afterSeq, records);
      if (contiguous.length === records.length || attempt === GAP_READS) return contiguous;
      await sleep(GAP_READ_PAUSE_MS);
    }
  }

  /**
   * `$text` over `messages_text_search`, each word quoted: quoted phrases must all match, where
   * bare words would match any. Differences from the SQL version: a quoted word matches inside a
   * longer word too ("noon" finds "afternoon"; at least one of the words must still be a whole
   * word of the text), and matching ignores diacritics ("cafe" finds "café").
   */
  async search(userId: string, query: MessageSearchQuery): Promise<MessageRecord[]> {
    const words = query.text.split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => w.length > 0);
    if (words.length === 0 || query.limit <= 0) return [];
    const chatIds = await this.chatIdsOf(userId, query.chatId);
    if (chatIds.length === 0) return [];
    const docs = await this.messages
      .find({
        $text: { $search: words.map((w) => `"${w}"`).join(' ') },
        chatId: { $in: chatIds },
        kind: { $in: ['text', 'image'] },
        seq: { $exists: true },
      })
      .sort({ createdAt: -1, seq: -1, _id: -1 })
      .limit(query.limit)
      .lean();
    return numberedMessages(docs);
  }

  async isMediaPostedInChatOf(userId: string, mediaId: string): Promise<boolean> {
    const posts = await this.messages
      .find({ mediaId, seq: { $exists: true } }, { chatId: 1 })
      .lean();
    if (posts.length === 0) return false;
    const chatIds = [...new Set(posts.map((p) => p.chatId))];
    return (await this.members.exists({ userId, chatId: { $in: chatIds } })) !== null;
  }

  async unreadSince(userId: string, since: Date): Promise<UnreadSince> {
    const memberships = await this.members.find({ userId }, { chatId: 1, lastReadSeq: 1 }).lean();
    if (memberships.length === 0) return { messages: 0, chats: 0 };
    // One (chatId, seq) index range per chat: only the messages past the user's read mark.
    const perChat = await this.messages.aggregate<{ _id: string; count: number }>([
      {
        $match: {
          $or: memberships.map((m) => ({ chatId: m.chatId, seq: { $gt: m.lastReadSeq } })),
          createdAt: { $gt: since },
          senderId: { $ne: userId },
        },
      },
      { $group: { _id: '$chatId', count: { $sum: 1 } } },
    ]);
    return {
      messages: perChat.reduce((sum, c) => sum + c.count, 0),
      chats: perChat.length,
    };
  }

  /** The chats to search: the one asked for if the user is in it, else all of theirs. */
  private async chatIdsOf(userId: string, chatId: string | undefined): Promise<string[]> {
    const filter = chatId === undefined ? { userId } : { userId, chatId };
    const docs = await this.members.find(filter, { chatId: 1 }).lean();
    return docs.map((d) => d.chatId);
  }
}

/**
 * Catch-up ("everything after seq n") must not step over a seq whose message is still being
 * written: without transactions, n+2 can be readable a moment before n+1, and a client that saw
 * n+2 would never ask for n+1 again. So the answer stops at the first gap, unless the message after
 * the gap is older than a writer may take (`ORIGINAL_WAIT_MS`): then the seq was skipped for good
 * (its writer died) and the gap is stepped over.
 */
function contiguousAfter(afterSeq: number, records: MessageRecord[]): MessageRecord[] {
  const settledBefore = Date.now() - ORIGINAL_WAIT_MS;
  const contiguous: MessageRecord[] = [];
  let expected = afterSeq + 1;
  for (const record of records) {
    if (record.seq !== expected && record.createdAt.getTime() > settledBefore) break;
    contiguous.push(record);
    expected = record.seq + 1;
  }
  return contiguous;
}
