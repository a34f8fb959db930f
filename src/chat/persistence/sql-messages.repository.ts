import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { DATABASE, isUniqueViolation, newId, type Database } from '@app/database';
import type { MessageRecord, NewMessage } from './chat.records';
import { chatMembers, chats, type StoredLastMessage } from './chats.table';
import {
  MessagesRepository,
  type MessagePageQuery,
  type MessageSearchQuery,
  type UnreadSince,
} from './messages.repository';
import { messages } from './messages.table';
import { bumpedUpdatedAt } from './sql-chats.repository';

const SUMMARY_TEXT_LENGTH = 200;

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
@Injectable()
export class SqlMessagesRepository extends MessagesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {
    super();
  }

  async append(message: NewMessage): Promise<{ message: MessageRecord; created: boolean }> {
    const { senderId, clientMessageId } = message;
    const idempotent = senderId !== null && clientMessageId !== null;
    if (idempotent) {
      // The common retry (the client resends after a lost acknowledgement) costs one read and
      // takes no lock on the chat.
      const original = await this.findByClientMessageId(senderId, clientMessageId);
      if (original) return { message: original, created: false };
    }
    try {
      return { message: await this.insert(message), created: true };
    } catch (error) {
      // A concurrent duplicate committed first. The whole transaction rolled back, the seq
      // increment with it, so the chat has no gap.
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
      .orderBy(desc(messages.createdAt), desc(messages.seq))
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

  /** One transaction; the row lock taken by the first UPDATE queues concurrent senders. */
  private async insert(message: NewMessage): Promise<MessageRecord> {
    const now = new Date();
    const id = newId(now.getTime());
    const summary: Omit<StoredLastMessage, 'seq'> = {
      id,
      senderId: message.senderId,
      kind: message.kind,
      text: message.text === null ? null : cut(message.text, SUMMARY_TEXT_LENGTH),
      createdAt: now.toISOString(),
    };
    return this.db.transaction(async (tx) => {
      const [chat] = await tx
        .update(chats)
        .set({
          lastSeq: sql`${chats.lastSeq} + 1`,
          updatedAt: bumpedUpdatedAt(now),
          // The seq is only known inside this statement, so it joins the summary here.
          lastMessage: sql`${JSON.stringify(summary)}::jsonb || jsonb_build_object('seq', ${chats.lastSeq} + 1)`,
        })
        .where(eq(chats.id, message.chatId))
        .returning({ seq: chats.lastSeq });
      if (!chat) throw new Error(`Chat ${message.chatId} does not exist`);
      const [row] = await tx
        .insert(messages)
        .values({ ...message, id, seq: chat.seq, createdAt: now })
        .returning(messageColumns);
      if (message.senderId !== null) {
        await tx
          .update(chatMembers)
          .set({
            lastReadSeq: sql`greatest(${chatMembers.lastReadSeq}, ${chat.seq}::integer)`,
            lastDeliveredSeq: sql`greatest(${chatMembers.lastDeliveredSeq}, ${chat.seq}::integer)`,
          })
          .where(
            and(eq(chatMembers.chatId, message.chatId), eq(chatMembers.userId, message.senderId)),
          );
      }
      return row;
    });
  }
}

/** Cuts by code points, so an emoji or other astral character is never split in half. */
function cut(text: string, length: number): string {
  if (text.length <= length) return text;
  return Array.from(text).slice(0, length).join('');
}
