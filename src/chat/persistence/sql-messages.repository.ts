import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { isUniqueViolation, type Database } from '@app/database';
import type { MessageRecord, NewMessage } from './chat.records';
import { chatMembers } from './chats.table';
import {
  MessagesRepository,
  type ChangeDecision,
  type ChangedMessage,
  type ChangeFeedCursor,
  type ChangeFeedQuery,
  type SeqCursor,
  type MessagePageQuery,
  type MessageSearchQuery,
  type UnreadSince,
} from './messages.repository';
import { messages } from './messages.table';
import { GroupCommit } from './group-commit';
import { appendBatch } from './sql-append-batch';
import { appendMessage, selectMessages } from './sql-chat-statements';
import { changeFeed, changeMessage } from './sql-message-changes';
import { changedAfter, pagesAfter } from './sql-sync-reads';

type Appended = { message: MessageRecord; created: boolean };
type MemberMessage = NewMessage & { senderId: string };

/**
 * Members' sends gathered into one statement: up to this many per batch, and one batch written
 * at a time per process (the next gathers meanwhile; see `GroupCommit`).
 */
export const APPEND_BATCH = { maxBatch: 200, maxInFlight: 1 };

/** `MessagesRepository` over Drizzle: the same queries on PGlite and PostgreSQL. */
export class SqlMessagesRepository extends MessagesRepository {
  private readonly memberSends: GroupCommit<MemberMessage, Appended | null>;

  constructor(
    private readonly db: Database,
    batching = APPEND_BATCH,
  ) {
    super();
    this.memberSends = new GroupCommit((batch) => this.appendMany(batch), batching);
  }

  async append(message: NewMessage): Promise<Appended> {
    const appended = await this.appendIf(message, false);
    if (!appended) throw new Error(`Chat ${message.chatId} does not exist`);
    return appended;
  }

  appendFromMember(message: MemberMessage): Promise<Appended | null> {
    return this.memberSends.submit(message);
  }

  /**
   * A batch of members' sends: the new messages in one statement (`appendBatch`), then what it
   * left out (refusals, retries of stored messages) each alone, all at once. A second copy of a
   * clientMessageId to the same chat in the batch is answered like the first (a client resending
   * in a hurry must not cost a statement per copy). If the statement fails (a concurrent copy of
   * one message, say), every send is tried alone, in send order, so one bad message fails by itself.
   */
  private async appendMany(
    batch: readonly MemberMessage[],
  ): Promise<Array<Appended | null | Error>> {
    const firstIndex = new Map<string, number>();
    const firsts: number[] = [];
    const copyOf = batch.map((message, index) => {
      const key = `${message.senderId}\u0000${message.clientMessageId ?? index}`;
      const first = firstIndex.get(key);
      if (first !== undefined) return first;
      firstIndex.set(key, index);
      firsts.push(index);
      return null;
    });
    const results = new Map<number, Appended | null | Error>();
    const alone = (index: number) =>
      this.appendIf(batch[index], true).then(
        (result) => void results.set(index, result),
        (error: unknown) => void results.set(index, asError(error)),
      );
    const stored =
      firsts.length > 1
        ? await appendBatch(
            this.db,
            firsts.map((index) => batch[index]),
          ).catch(() => null)
        : null;
    if (stored) {
      stored.forEach((message, position) => {
        if (message) results.set(firsts[position], { message, created: true });
      });
      await Promise.all(firsts.filter((index) => !results.has(index)).map(alone));
    } else {
      for (const index of firsts) await alone(index);
    }
    for (const [index, first] of copyOf.entries()) {
      if (first === null) continue;
      if (batch[first].chatId !== batch[index].chatId) await alone(index);
      else results.set(index, asCopy(results.get(first)!));
    }
    return batch.map((_, index) => results.get(index)!);
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

  pagesAfter(cursors: readonly SeqCursor[], limit: number): Promise<Map<string, MessageRecord[]>> {
    return pagesAfter(this.db, cursors, limit);
  }

  changedAfter(
    cursors: readonly ChangeFeedCursor[],
    limit: number,
  ): Promise<Map<string, MessageRecord[]>> {
    return changedAfter(this.db, cursors, limit);
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
        ),
      );
    return { messages: Number(row?.messages ?? 0), chats: Number(row?.chats ?? 0) };
  }
}

/** What a second copy of a send is answered: the first's message as an original, or its refusal. */
const asCopy = (first: Appended | null | Error): Appended | null | Error =>
  first === null || first instanceof Error ? first : { message: first.message, created: false };

const asError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
