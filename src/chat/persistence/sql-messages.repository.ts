import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { isUniqueViolation, newId, type Database } from '@app/database';
import { summaryText, type MessageRecord, type NewMessage } from './chat.records';
import { chatMembers, chats, type StoredLastMessage } from './chats.table';
import {
  MessagesRepository,
  type MessagePageQuery,
  type MessageSearchQuery,
  type UnreadSince,
} from './messages.repository';
import { messages } from './messages.table';
import { bumpedUpdatedAt } from './sql-chats.repository';

/** Every column except the search vector, which is an index helper and not part of a message. */
const messageColumns = {
  id: messages.id,
  chatId: messages.chatId,
  seq: messages.seq,
  senderId: messages.senderId,
  clientMessageId: messages.clientMessageId,
  kind: messages.kind,
  text: messages.text,
  mediaId: messages.mediaId,
  media: messages.media,
  system: messages.system,
  createdAt: messages.createdAt,
  editedAt: messages.editedAt,
  deletedAt: messages.deletedAt,
};

/** `MessagesRepository` over Drizzle: the same queries on PGlite and PostgreSQL. */
export class SqlMessagesRepository extends MessagesRepository {
  constructor(private readonly db: Database) {
    super();
  }

  async append(message: NewMessage): Promise<{ message: MessageRecord; created: boolean }> {
    const appended = await this.appendIf(message, false);
    if (!appended) throw new Error(`Chat ${message.chatId} does not exist`);
    return appended;
  }

  appendFromMember(
    message: NewMessage & { senderId: string },
  ): Promise<{ message: MessageRecord; created: boolean } | null> {
    return this.appendIf(message, true);
  }

  private async appendIf(
    message: NewMessage,
    senderMustBeMember: boolean,
  ): Promise<{ message: MessageRecord; created: boolean } | null> {
    const { senderId, clientMessageId } = message;
    const idempotent = senderId !== null && clientMessageId !== null;
    // No read first: the unique index settles duplicates (retries and racing twins) below, so a
    // new message costs one round trip.
    try {
      const inserted = await this.insert(message, senderMustBeMember);
      return inserted && { message: inserted, created: true };
    } catch (error) {
      // A duplicate (a retry, or a concurrent twin that committed first). The whole statement
      // rolled back, the seq increment with it, so the chat has no gap.
      if (idempotent && isUniqueViolation(error, 'messages_sender_client_message_id_unique')) {
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
    const [row] = await this.db
      .select(messageColumns)
      .from(messages)
      .where(and(eq(messages.senderId, senderId), eq(messages.clientMessageId, clientMessageId)))
      .limit(1);
    return row ?? null;
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
    return this.db
      .select(messageColumns)
      .from(messages)
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
    return this.db
      .select(messageColumns)
      .from(messages)
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
        ),
      );
    return { messages: Number(row?.messages ?? 0), chats: Number(row?.chats ?? 0) };
  }

  /**
   * One statement, so one round trip: bump the chat's seq (its row lock queues concurrent
   * senders), insert the message with that seq, and move the sender's marks. A failure anywhere
   * (such as a duplicate clientMessageId) undoes all three, so no seq is ever skipped. With
   * `senderMustBeMember`, the seq bump (and so everything after it) only happens while the
   * sender's membership row exists; the statement then answers no row.
   */
  private async insert(
    message: NewMessage,
    senderMustBeMember: boolean,
  ): Promise<MessageRecord | null> {
    const now = new Date();
    const at = now.toISOString();
    const id = newId(now.getTime());
    const summary: Omit<StoredLastMessage, 'seq'> = {
      id,
      senderId: message.senderId,
      kind: message.kind,
      text: message.text === null ? null : summaryText(message.text),
      createdAt: at,
    };
    const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
    const result: unknown = await this.db.execute(sql`
      with bumped as (
        update ${chats}
        set last_seq = last_seq + 1,
            updated_at = ${bumpedUpdatedAt(now)},
            last_message = ${JSON.stringify(summary)}::jsonb || jsonb_build_object('seq', last_seq + 1)
        where id = ${message.chatId}${
          senderMustBeMember
            ? sql` and exists (select 1 from ${chatMembers}
                where chat_id = ${message.chatId} and user_id = ${message.senderId})`
            : sql``
        }
        returning last_seq as seq
      ), inserted as (
        insert into ${messages}
          (id, chat_id, seq, sender_id, client_message_id, kind, text, media_id, media, system, created_at)
        select ${id}, ${message.chatId}, seq, ${message.senderId}, ${message.clientMessageId},
          ${message.kind}, ${message.text}, ${message.mediaId}, ${json(message.media)}::jsonb,
          ${json(message.system)}::jsonb, ${at}::timestamptz
        from bumped
        returning id, chat_id as "chatId", seq, sender_id as "senderId",
          client_message_id as "clientMessageId", kind, text, media_id as "mediaId", media, system,
          created_at as "createdAt", edited_at as "editedAt", deleted_at as "deletedAt"
      ), marked as (
        update ${chatMembers}
        set last_read_seq = greatest(last_read_seq, (select seq from bumped)),
            last_delivered_seq = greatest(last_delivered_seq, (select seq from bumped))
        where chat_id = ${message.chatId} and user_id = ${message.senderId}
      )
      select * from inserted`);
    // Both drivers (pg and PGlite) answer `{ rows }`.
    const [row] = (result as { rows: InsertedRow[] }).rows;
    if (!row) return null;
    return {
      ...row,
      createdAt: new Date(row.createdAt),
      editedAt: toDate(row.editedAt),
      deletedAt: toDate(row.deletedAt),
    };
  }
}

/** Raw rows: depending on the driver, timestamps come back as Date or as text. */
type InsertedRow = Omit<MessageRecord, 'createdAt' | 'editedAt' | 'deletedAt'> & {
  createdAt: Date | string;
  editedAt: Date | string | null;
  deletedAt: Date | string | null;
};

const toDate = (value: Date | string | null): Date | null =>
  value === null ? null : new Date(value);
