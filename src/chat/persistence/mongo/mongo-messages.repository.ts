import { MEMBER_MESSAGE_KINDS } from '@app/contracts';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@app/database';
import type { UserBlockDocument } from './block.schema';
import type { MessageRecord, NewMessage } from '../chat.records';
import { SENDER_CLIENT_MESSAGE_ID_INDEX } from './chat.schema';
import {
  MessagesRepository,
  type AppendResult,
  type ChangeDecision,
  type ChangedMessage,
  type ChangeFeedCursor,
  type ChangeFeedQuery,
  type Limited,
  type SeqCursor,
  type MessagePageQuery,
  type MessageSearchQuery,
  type UnreadSince,
} from '../messages.repository';
import { appendMessage, chatModels, withQuotes, type ChatModels } from './mongo-chat-documents';
import { InOrder } from './in-order';
import { changeFeed, changeMessage } from './mongo-message-changes';
import { searchWords } from '../search-words';
import { wordsFilter } from './mongo-search';

/**
 * `MessagesRepository` over Mongoose. A message is stored in a multi-document transaction, so
 * MongoDB must run as a replica set (docs/persistence.md).
 */
export class MongoMessagesRepository extends MessagesRepository {
  /**
   * A sender's sends to one chat, one after another: concurrent transactions on the same chat
   * document conflict and are retried in any order, which stored a client's pipelined messages
   * out of the order it sent them. (SQL keeps that order inside its batches.)
   */
  private readonly inOrder = new InOrder();

  private constructor(private readonly models: ChatModels) {
    super();
  }

  static async create(connection: Connection): Promise<MongoMessagesRepository> {
    return new MongoMessagesRepository(await chatModels(connection));
  }

  async append(message: NewMessage): Promise<Exclude<AppendResult, { outcome: 'refused' }>> {
    const appended = await this.appendOne(message, false);
    if (appended.outcome === 'refused') throw new Error(`Chat ${message.chatId} does not exist`);
    return appended;
  }

  appendFromMember(message: NewMessage & { senderId: string }): Promise<AppendResult> {
    return this.inOrder.run(`${message.senderId}:${message.chatId}`, () =>
      this.appendOne(message, true),
    );
  }

  private async appendOne(message: NewMessage, senderMustBeMember: boolean): Promise<AppendResult> {
    const { senderId, clientMessageId } = message;
    try {
      const stored = await this.models.connection.transaction((session) =>
        appendMessage(this.models, session, message, senderMustBeMember),
      );
      return stored ? { outcome: 'created', message: stored } : { outcome: 'refused' };
    } catch (error) {
      // A retry, or a concurrent copy that committed first: the transaction was undone, the seq
      // increment with it, so the chat has no gap.
      if (
        senderId !== null &&
        clientMessageId !== null &&
        isDuplicateKey(error, SENDER_CLIENT_MESSAGE_ID_INDEX)
      ) {
        const original = await this.findByClientMessageId(senderId, clientMessageId);
        if (original) return { outcome: 'stored', message: original };
      }
      throw error;
    }
  }

  async findByClientMessageId(
    senderId: string,
    clientMessageId: string,
  ): Promise<MessageRecord | null> {
    const doc = await this.models.messages.findOne({ senderId, clientMessageId }).lean();
    return doc && (await withQuotes(this.models, [doc]))[0];
  }

  async findBySeq(chatId: string, seq: number): Promise<MessageRecord | null> {
    const doc = await this.models.messages.findOne({ chatId, seq }).lean();
    return doc && (await withQuotes(this.models, [doc]))[0];
  }

  change(chatId: string, seq: number, decide: ChangeDecision): Promise<ChangedMessage | null> {
    return changeMessage(this.models, chatId, seq, decide);
  }

  changedSince(chatId: string, query: ChangeFeedQuery): Promise<MessageRecord[]> {
    return changeFeed(this.models, chatId, query);
  }

  /** One index-backed query per chat, run together: MongoDB has no lateral join. */
  pagesAfter(cursors: readonly Limited<SeqCursor>[]): Promise<Map<string, MessageRecord[]>> {
    return perChat(cursors, (c) => this.page(c.chatId, { afterSeq: c.afterSeq, limit: c.limit }));
  }

  changedAfter(
    cursors: readonly Limited<ChangeFeedCursor>[],
  ): Promise<Map<string, MessageRecord[]>> {
    return perChat(cursors, (c) => this.changedSince(c.chatId, c));
  }

  async countChangedAfter(
    cursors: readonly Limited<ChangeFeedCursor>[],
  ): Promise<Map<string, number>> {
    const counts = await Promise.all(
      cursors
        .filter((c) => c.limit > 0)
        .map(async (c) => {
          const filter = {
            chatId: c.chatId,
            changeSeq: { $gt: c.afterChangeSeq },
            seq: { $lte: c.atOrBelowSeq },
          };
          return [
            c.chatId,
            await this.models.messages.countDocuments(filter).limit(c.limit),
          ] as const;
        }),
    );
    return new Map(counts.filter(([, count]) => count > 0));
  }

  async unreadMentions(userId: string, chatIds: readonly string[]): Promise<Map<string, number>> {
    if (chatIds.length === 0) return new Map();
    const memberships = await this.models.members
      .find({ userId, chatId: { $in: [...chatIds] } }, { chatId: 1, lastReadSeq: 1 })
      .lean();
    if (memberships.length === 0) return new Map();
    const perChat = await this.models.messages.aggregate<{ _id: string; count: number }>([
      {
        $match: {
          $or: memberships.map((m) => ({ chatId: m.chatId, seq: { $gt: m.lastReadSeq } })),
          mentions: userId,
          deletedAt: { $exists: false },
        },
      },
      { $group: { _id: '$chatId', count: { $sum: 1 } } },
    ]);
    return new Map(perChat.map((c) => [c._id, c.count]));
  }

  async page(chatId: string, query: MessagePageQuery): Promise<MessageRecord[]> {
    if (query.limit <= 0) return [];
    const { afterSeq, beforeSeq } = query;
    const filter =
      afterSeq !== undefined
        ? { chatId, seq: { $gt: afterSeq } }
        : beforeSeq !== undefined
          ? { chatId, seq: { $lt: beforeSeq } }
          : { chatId };
    const docs = await this.models.messages
      .find(filter)
      .sort({ seq: afterSeq !== undefined ? 1 : -1 })
      .limit(query.limit)
      .lean();
    return withQuotes(this.models, docs);
  }

  /**
   * `wordsFilter`'s regexes, with `$text` narrowing when there are several words. Like SQL except
   * where the two split a message's text differently: PostgreSQL keeps "ada@example.com" as one
   * word, so there "example" (not last) does not find it, and here it does.
   */
  async search(userId: string, query: MessageSearchQuery): Promise<MessageRecord[]> {
    const words = searchWords(query.text);
    if (words.length === 0 || query.limit <= 0) return [];
    const chatIds = await this.chatIdsOf(userId, query.chatId);
    if (chatIds.length === 0) return [];
    const docs = await this.models.messages
      .find({
        ...wordsFilter(words),
        chatId: { $in: chatIds },
        kind: { $in: [...MEMBER_MESSAGE_KINDS] },
      })
      .sort({ createdAt: -1, seq: -1, _id: -1 })
      .limit(query.limit)
      .lean();
    return withQuotes(this.models, docs);
  }

  async isMediaPostedInChatOf(userId: string, mediaId: string): Promise<boolean> {
    const posts = await this.models.messages
      .find({ $or: [{ mediaId }, { 'previews.image.id': mediaId }] }, { chatId: 1 })
      .lean();
    if (posts.length === 0) return false;
    const chatIds = [...new Set(posts.map((p) => p.chatId))];
    return (await this.models.members.exists({ userId, chatId: { $in: chatIds } })) !== null;
  }

  async unreadSince(userId: string, since: Date): Promise<UnreadSince> {
    // Muted chats send no reminder, nor do people the user blocked.
    const [memberships, blocks] = await Promise.all([
      this.models.members
        .find(
          { userId, $or: [{ mutedUntil: null }, { mutedUntil: { $lt: new Date() } }] },
          { chatId: 1, lastReadSeq: 1 },
        )
        .lean(),
      this.models.connection
        .collection<UserBlockDocument>('user_blocks')
        .find({ blockerId: userId }, { projection: { blockedId: 1 } })
        .toArray(),
    ]);
    if (memberships.length === 0) return { messages: 0, chats: 0 };
    // One (chatId, seq) index range per chat: only the messages past the user's read mark.
    const perChat = await this.models.messages.aggregate<{ _id: string; count: number }>([
      {
        $match: {
          $or: memberships.map((m) => ({ chatId: m.chatId, seq: { $gt: m.lastReadSeq } })),
          createdAt: { $gt: since },
          senderId: { $nin: [userId, ...blocks.map((block) => block.blockedId)] },
          deletedAt: { $exists: false },
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
    const docs = await this.models.members.find(filter, { chatId: 1 }).lean();
    return docs.map((d) => d.chatId);
  }
}

/** Each cursor's chat read at once, as `pagesAfter` answers: chats with nothing are left out. */
async function perChat<Cursor extends { chatId: string; limit: number }>(
  cursors: readonly Cursor[],
  read: (cursor: Cursor) => Promise<MessageRecord[]>,
): Promise<Map<string, MessageRecord[]>> {
  const wanted = cursors.filter((c) => c.limit > 0);
  const pages = await Promise.all(wanted.map(async (c) => [c.chatId, await read(c)] as const));
  return new Map(pages.filter(([, page]) => page.length > 0));
}
