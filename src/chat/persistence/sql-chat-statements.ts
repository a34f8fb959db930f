import { and, asc, eq, exists, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { newId, type Database } from '@app/database';
import { summaryText, type ChatRecord, type MessageRecord, type NewMessage } from './chat.records';
import { chatMembers, chats, type ChatRow, type StoredLastMessage } from './chats.table';
import { messages } from './messages.table';

/** The columns of a `MessageRecord`: every one but the search vector. */
export const messageColumns = {
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
} satisfies { [K in keyof MessageRecord]: (typeof messages)[K] };

/** Members added together share `joined_at`; the owner first, then a stable order. */
export const memberOrder = [
  asc(chatMembers.joinedAt),
  asc(sql`case ${chatMembers.role} when 'owner' then 0 when 'admin' then 1 else 2 end`),
  asc(chatMembers.userId),
];

export function toChatRecord(row: ChatRow): ChatRecord {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastSeq: row.lastSeq,
    lastMessage: row.lastMessage
      ? { ...row.lastMessage, createdAt: new Date(row.lastMessage.createdAt) }
      : null,
  };
}

/**
 * Never moves `updated_at` backward: a writer whose clock reading is older than the last bump
 * (it waited for the row lock, or runs on another host) must not sink the chat in the list.
 */
export const bumpedUpdatedAt = (now = new Date()): SQL<Date> =>
  sql<Date>`greatest(${chats.updatedAt}, ${now.toISOString()}::timestamptz)`;

/**
 * Stores a message with the chat's next seq in one statement (see docs/persistence.md): the chat
 * row's update takes the seq and queues concurrent senders on its lock, the insert uses it, and
 * the sender's marks follow. With `senderMustBeMember`, the chat row is only updated while the
 * sender's membership row exists, and nothing is stored otherwise (null). `db` may be a
 * transaction, which then holds the chat row's lock until it ends.
 */
export async function appendMessage(
  db: Database,
  message: NewMessage,
  senderMustBeMember: boolean,
): Promise<MessageRecord | null> {
  const now = new Date();
  const id = newId(now.getTime());
  const summary: Omit<StoredLastMessage, 'seq'> = {
    id,
    senderId: message.senderId,
    kind: message.kind,
    text: message.text === null ? null : summaryText(message.text),
    createdAt: now.toISOString(),
  };
  const isSender = and(
    eq(chatMembers.chatId, message.chatId),
    eq(chatMembers.userId, sql`${message.senderId}::uuid`),
  );
  const bumped = db.$with('bumped').as(
    db
      .update(chats)
      .set({
        lastSeq: sql`${chats.lastSeq} + 1`,
        updatedAt: bumpedUpdatedAt(now),
        lastMessage: sql`${JSON.stringify(summary)}::jsonb || jsonb_build_object('seq', ${chats.lastSeq} + 1)`,
      })
      .where(
        and(
          eq(chats.id, message.chatId),
          senderMustBeMember
            ? exists(
                db
                  .select({ one: sql`1` })
                  .from(chatMembers)
                  .where(isSender),
              )
            : undefined,
        ),
      )
      .returning({ seq: chats.lastSeq }),
  );
  const newSeq = sql`(select ${bumped.seq} from ${bumped})`;
  const marked = db.$with('marked').as(
    db
      .update(chatMembers)
      .set({
        lastReadSeq: sql`greatest(${chatMembers.lastReadSeq}, ${newSeq})`,
        lastDeliveredSeq: sql`greatest(${chatMembers.lastDeliveredSeq}, ${newSeq})`,
      })
      .where(isSender),
  );
  // Drizzle's insert … select (its own check counts the generated search column) cannot express
  // this, so the select is written here, one value per insertable column in the table's order,
  // which is the order of the column list Drizzle writes.
  const values: { [K in keyof MessageRecord]: SQL } = {
    id: sql`${id}::uuid`,
    chatId: sql`${message.chatId}::uuid`,
    seq: sql`${bumped.seq}`,
    senderId: sql`${message.senderId}::uuid`,
    clientMessageId: sql`${message.clientMessageId}::text`,
    kind: sql`${message.kind}::text`,
    text: sql`${message.text}::text`,
    mediaId: sql`${message.mediaId}::uuid`,
    media: jsonb(message.media),
    system: jsonb(message.system),
    createdAt: sql`${now.toISOString()}::timestamptz`,
    editedAt: sql`null`,
    deletedAt: sql`null`,
  };
  const insertable = Object.entries(getTableColumns(messages)).filter(([, c]) => !c.generated);
  const selected = sql.join(
    insertable.map(([key]) => values[key as keyof MessageRecord]),
    sql`, `,
  );
  // No row in `bumped` (no such chat, or not a member): nothing is inserted.
  const [row] = await db
    .with(bumped, marked)
    .insert(messages)
    .select(sql`select ${selected} from ${bumped}`)
    .returning(messageColumns);
  return row ?? null;
}

const jsonb = (value: object | null): SQL =>
  sql`${value === null ? null : JSON.stringify(value)}::jsonb`;
