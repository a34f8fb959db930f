import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { isUniqueViolation, type Database } from '@app/database';
import type { MessageRecord, NewMessage } from '../chat.records';
import { chatMembers, userBlocks } from './chats.table';
import {
  MessagesRepository,
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
import { messages } from './messages.table';
import { GroupCommit } from './group-commit';
import { appendBatch } from './sql-append-batch';
import { appendMessage, selectMessages } from './sql-chat-statements';
import { changeFeed, changeMessage } from './sql-message-changes';
import { changedAfter, countChangedAfter, pagesAfter } from './sql-sync-reads';

type Appended = { message: MessageRecord; created: boolean };
type MemberMessage = NewMessage & { senderId: string };

/** A send the batch did not store: its caller sends it alone (see `storeTogether`). */
const LEFT_OUT = Symbol('left out of the batch');

/**
 * Members' sends gathered into one statement: up to 200 per batch, and up to three batches being
 * written at once per process (the next gathers meanwhile; see `GroupCommit`). Three rather than
 * one: on PostgreSQL, saturation 3,187 -> 3,728 msgs/s and CPU per delivery 0.075 -> 0.057 s per
 * 1,000 in one bench run each; chat rows are locked in id order, so batches cannot deadlock.
 */
export const APPEND_BATCH = { maxBatch: 200, maxInFlight: 3 };

/** `MessagesRepository` over Drizzle: the same queries on PGlite and PostgreSQL. */
export class SqlMessagesRepository extends MessagesRepository {
  private readonly memberSends: GroupCommit<MemberMessage, Appended | typeof LEFT_OUT>;

  constructor(
    private readonly db: Database,
    batching = APPEND_BATCH,
  ) {
    super();
    this.memberSends = new GroupCommit((batch) => this.storeTogether(batch), batching);
  }

  async append(message: NewMessage): Promise<Appended> {
    const appended = await this.appendIf(message, false);
    if (!appended) throw new Error(`Chat ${message.chatId} does not exist`);
    return appended;
  }

  async appendFromMember(message: MemberMessage): Promise<Appended | null> {
    const together = await this.memberSends.submit(message);
    return together === LEFT_OUT ? this.appendIf(message, true) : together;
  }

  /**
   * A batch of members' sends: their new messages in one statement (`appendBatch`). A second copy
   * of a clientMessageId to the same chat is answered with the first, once stored. Everything
   * else is left out, to be sent alone by its caller after the batch, so that a batch never waits
   * for them: a lone send, refusals, retries of stored messages, and every send of a batch whose
   * statement failed (a concurrent copy of one message, say), so one bad message fails by itself.
   */
  private async storeTogether(
    batch: readonly MemberMessage[],
  ): Promise<Array<Appended | typeof LEFT_OUT>> {
    if (batch.length === 1) return [LEFT_OUT];
    const firstIndex = new Map<string, number>();
    const firsts: number[] = [];
    const copyOf = batch.map((message, index) => {
      // Without a client id a message is never anyone's copy.
      const key =
        message.clientMessageId === null
          ? null
          : `${message.senderId}\u0000${message.clientMessageId}`;
      const first = key === null ? undefined : firstIndex.get(key);
      if (first !== undefined) return first;
      if (key !== null) firstIndex.set(key, index);
      firsts.push(index);
      return null;
    });
    const stored = await appendBatch(
      this.db,
      firsts.map((index) => batch[index]),
    ).catch(() => firsts.map(() => null));
    const results = new Map<number, Appended>();
    stored.forEach((message, position) => {
      if (message) results.set(firsts[position], { message, created: true });
    });
    return batch.map((message, index) => {
      const first = copyOf[index];
      if (first === null) return results.get(index) ?? LEFT_OUT;
      const original = results.get(first);
      return original && batch[first].chatId === message.chatId
        ? { message: original.message, created: false }
        : LEFT_OUT;
    });
  }

  private async appendIf(
    message: NewMessage,
    senderMustBeMember: boolean,
  ): Promise<Appended | null> {
    const { senderId, clientMessageId } = message;
    // No read first: the unique index recognises a retry (or a concurrent copy), so a new
    // message costs one round trip.
    try {
      const inserted = await appendMessage(this.db, message, senderMustBeMember);
      return inserted && { message: inserted, created: true };
    } catch (error) {
      // The whole statement was undone, the seq increment with it, so the chat has no gap.
      if (
        senderId !== null &&
        clientMessageId !== null &&
        isUniqueViolation(error, 'messages_sender_client_message_id_unique')
      ) {
        const original = await this.findByClientMessageId(senderId, clientMessageId);
        if (original) return { message: original, created: false };
      }
      throw error;
    }
  }

  async findByClientMessageId(
    senderId: string,
    clientMessageId: string,
  ): Promise<MessageRecord | null> {
    const [row] = await selectMessages(this.db)
      .where(and(eq(messages.senderId, senderId), eq(messages.clientMessageId, clientMessageId)))
      .limit(1);
    return row ?? null;
  }

  async findBySeq(chatId: string, seq: number): Promise<MessageRecord | null> {
    const [row] = await selectMessages(this.db).where(
      and(eq(messages.chatId, chatId), eq(messages.seq, seq)),
    );
    return row ?? null;
  }

  change(chatId: string, seq: number, decide: ChangeDecision): Promise<ChangedMessage | null> {
    return changeMessage(this.db, chatId, seq, decide);
  }

  changedSince(chatId: string, query: ChangeFeedQuery): Promise<MessageRecord[]> {
    return changeFeed(this.db, chatId, query);
  }

  pagesAfter(cursors: readonly Limited<SeqCursor>[]): Promise<Map<string, MessageRecord[]>> {
    return pagesAfter(this.db, cursors);
  }

  changedAfter(
    cursors: readonly Limited<ChangeFeedCursor>[],
  ): Promise<Map<string, MessageRecord[]>> {
    return changedAfter(this.db, cursors);
  }

  countChangedAfter(cursors: readonly Limited<ChangeFeedCursor>[]): Promise<Map<string, number>> {
    return countChangedAfter(this.db, cursors);
  }

  async unreadMentions(userId: string, chatIds: readonly string[]): Promise<Map<string, number>> {
    if (chatIds.length === 0) return new Map();
    const rows = await this.db
      .select({ chatId: messages.chatId, count: sql<number>`count(*)::int` })
      .from(messages)
      .innerJoin(
        chatMembers,
        and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)),
      )
      .where(
        and(
          inArray(messages.chatId, [...chatIds]),
          sql`${messages.seq} > ${chatMembers.lastReadSeq}`,
          // Implies the partial index messages_chat_seq_mentioning's condition, so it is used.
          sql`${messages.mentions} <> '[]'::jsonb`,
          sql`${messages.mentions} @> jsonb_build_array(${userId}::text)`,
          isNull(messages.deletedAt),
        ),
      )
      .groupBy(messages.chatId);
    return new Map(rows.map((row) => [row.chatId, Number(row.count)]));
  }

  async page(chatId: string, query: MessagePageQuery): Promise<MessageRecord[]> {
    const conditions: SQL[] = [eq(messages.chatId, chatId)];
    let order = desc(messages.seq);
    if (query.beforeSeq !== undefined) {
      conditions.push(lt(messages.seq, query.beforeSeq));
    } else if (query.afterSeq !== undefined) {
      conditions.push(gt(messages.seq, query.afterSeq));
      order = asc(messages.seq);
    }
    return selectMessages(this.db)
      .where(and(...conditions))
      .orderBy(order)
      .limit(query.limit);
  }

  async search(userId: string, query: MessageSearchQuery): Promise<MessageRecord[]> {
    const conditions: SQL[] = [
      inArray(messages.kind, ['text', 'image']),
      sql`${messages.search} @@ plainto_tsquery('simple', ${query.text})`,
    ];
    if (query.chatId !== undefined) conditions.push(eq(messages.chatId, query.chatId));
    return selectMessages(this.db)
      .innerJoin(
        chatMembers,
        and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)),
      )
      .where(and(...conditions))
      .orderBy(desc(messages.createdAt), desc(messages.seq), desc(messages.id))
      .limit(query.limit);
  }

  async isMediaPostedInChatOf(userId: string, mediaId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ found: sql<number>`1` })
      .from(messages)
      .innerJoin(
        chatMembers,
        and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)),
      )
      .where(eq(messages.mediaId, mediaId))
      .limit(1);
    return row !== undefined;
  }

  async unreadSince(userId: string, since: Date): Promise<UnreadSince> {
    const [row] = await this.db
      .select({
        messages: sql<number>`count(*)::int`,
        chats: sql<number>`count(distinct ${messages.chatId})::int`,
      })
      .from(messages)
      .innerJoin(
        chatMembers,
        and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)),
      )
      .where(
        and(
          gt(messages.createdAt, since),
          sql`${messages.seq} > ${chatMembers.lastReadSeq}`,
          sql`${messages.senderId} is distinct from ${userId}::uuid`,
          isNull(messages.deletedAt),
          or(isNull(chatMembers.mutedUntil), lt(chatMembers.mutedUntil, new Date())),
          sql`not exists (select 1 from ${userBlocks}
            where ${userBlocks.blockerId} = ${userId} and ${userBlocks.blockedId} = ${messages.senderId})`,
        ),
      );
    return { messages: Number(row?.messages ?? 0), chats: Number(row?.chats ?? 0) };
  }
}
