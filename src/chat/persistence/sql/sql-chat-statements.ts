import { and, asc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { REPLY_QUOTE_LENGTH, type ReplyQuote } from '@app/contracts';
import { executePrepared, newId, type Database } from '@app/database';
import {
  attachmentNameOf,
  summaryText,
  type ChatRecord,
  type MessageRecord,
  type NewMessage,
  type StoredMessage,
} from '../chat.records';
import { chatMembers, chats, type ChatRow, type StoredLastMessage } from './chats.table';
import { messages } from './messages.table';

/** The columns of a `StoredMessage`: every one but the search vector. */
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
  changeSeq: messages.changeSeq,
  replyToSeq: messages.replyToSeq,
  reactions: messages.reactions,
  mentions: messages.mentions,
  previews: messages.previews,
} satisfies { [K in keyof StoredMessage]: (typeof messages)[K] };

/** The original a reply answers, joined by (chat, seq): the unique index finds it. */
const original = alias(messages, 'original');

/** The quote as `replyQuoteOf` makes it, of the message row named `row` (left() counts characters). */
export const quoteOf = (row: string): string =>
  `jsonb_build_object('seq', ${row}.seq, 'senderId', ${row}.sender_id, 'kind', ${row}.kind,
    'text', left(${row}.text, ${REPLY_QUOTE_LENGTH}))`;

/**
 * Messages with their quotes: every read of messages starts here, so a reply always shows its
 * original as it is now (null once deleted, and on a deleted reply).
 */
export const selectMessages = (db: Database) =>
  db
    .select({
      ...messageColumns,
      replyTo: sql<ReplyQuote | null>`case when ${original.id} is null
        or ${original.deletedAt} is not null or ${messages.deletedAt} is not null then null
        else ${sql.raw(quoteOf('"original"'))} end`,
    })
    .from(messages)
    .leftJoin(
      original,
      and(eq(original.chatId, messages.chatId), eq(original.seq, messages.replyToSeq)),
    );

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
    lastChangeSeq: row.lastChangeSeq,
    blocked: row.blocked,
    lastMessage: row.lastMessage
      ? {
          ...row.lastMessage,
          createdAt: new Date(row.lastMessage.createdAt),
          deletedAt: row.lastMessage.deletedAt ? new Date(row.lastMessage.deletedAt) : null,
          system: row.lastMessage.system ?? null,
        }
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
 * The insert's column list and the RETURNING list, built once from the table and `messageColumns`
 * (so a column added to the table is not forgotten here), as plain SQL text: the statement below
 * runs for every message sent, and building it with Drizzle's query builder each time doubled the
 * CPU a send costs (measured with `npm run bench -- throughput`).
 */
export const insertable = Object.entries(getTableColumns(messages))
  .filter(([, column]) => !column.generated)
  .map(([key, column]) => ({ key: key as keyof StoredMessage, name: column.name }));
export const insertColumns = sql.raw(insertable.map(({ name }) => `"${name}"`).join(', '));
export const returningList = sql.raw(
  Object.entries(messageColumns)
    .map(([key, column]) => `"${column.name}" as "${key}"`)
    .join(', '),
);
/**
 * The quote of the message just inserted (`i`), read in the same statement; plain null for a
 * message that answers none (most of them: the subquery cost 5 % of send throughput).
 */
const insertedQuote = sql.raw(`(select ${quoteOf('r')} from messages r
  where r.chat_id = i."chatId" and r.seq = i."replyToSeq" and r.deleted_at is null)`);
const quoteOfInserted = (message: NewMessage): SQL =>
  message.replyToSeq === null ? sql.raw('null::jsonb') : insertedQuote;

/**
 * The mentions to store, from the jsonb array `mentions` of a message sent by `senderId`, in their
 * order: without the people who blocked the sender, so that a blocked person's mention never
 * reaches the blocker (no unread mention, no early reminder, no highlight). Part of the insert, so
 * it costs no round trip; statements use it only for messages that mention someone (few do).
 */
export const mentionsLessBlockers = (mentions: SQL, senderId: SQL): SQL =>
  sql`(select coalesce(jsonb_agg(mention.id order by mention.n), '[]'::jsonb)
    from jsonb_array_elements_text(${mentions}) with ordinality as mention(id, n)
    where not exists (select 1 from user_blocks block
                      where block.blocker_id = mention.id::uuid
                        and block.blocked_id = ${senderId}))`;

/** `mentionsLessBlockers` for one message; a message that mentions nobody stores `[]` as given. */
const mentionsOf = (message: NewMessage): SQL =>
  message.mentions.length === 0
    ? jsonb(message.mentions)
    : mentionsLessBlockers(jsonb(message.mentions), sql`${message.senderId}::uuid`);

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
  const { name, query } = appendStatement(message, senderMustBeMember, now, newId(now.getTime()));
  const result = await executePrepared<RawMessageRow>(db, name, query);
  // No row in `bumped` (no such chat, or not a member): nothing is inserted.
  const [row] = result.rows;
  return row ? fromRawRow(row) : null;
}

/**
 * `appendMessage`'s statement for the message `id` sent at `now`, and the name it is prepared
 * under; apart so that tools/hot-statements.ts can write its text out without a database.
 */
export function appendStatement(
  message: NewMessage,
  senderMustBeMember: boolean,
  now: Date,
  id: string,
): { name: string; query: SQL } {
  const at = now.toISOString();
  const summary: Omit<StoredLastMessage, 'seq'> = {
    id,
    senderId: message.senderId,
    kind: message.kind,
    text: message.text === null ? null : summaryText(message.text),
    attachmentName: attachmentNameOf(message),
    createdAt: at,
    deletedAt: null,
    system: message.system,
  };
  // One value per insertable column, in the order of `insertColumns`.
  const values: { [K in keyof StoredMessage]: SQL } = {
    id: sql`${id}::uuid`,
    chatId: sql`${message.chatId}::uuid`,
    seq: sql`seq`,
    senderId: sql`${message.senderId}::uuid`,
    clientMessageId: sql`${message.clientMessageId}::text`,
    kind: sql`${message.kind}::text`,
    text: sql`${message.text}::text`,
    mediaId: sql`${message.mediaId}::uuid`,
    media: jsonb(message.media),
    system: jsonb(message.system),
    createdAt: sql`${at}::timestamptz`,
    editedAt: sql`null`,
    deletedAt: sql`null`,
    changeSeq: sql`change_seq`,
    replyToSeq: sql`${message.replyToSeq}::integer`,
    reactions: sql`'[]'::jsonb`,
    mentions: mentionsOf(message),
    previews: sql`'[]'::jsonb`,
  };
  const selected = sql.join(
    insertable.map(({ key }) => values[key]),
    sql`, `,
  );
  // A member's send also needs the chat not to be blocked (a direct chat where one blocked the other).
  const membership = senderMustBeMember
    ? sql` and not blocked and exists (select 1 from ${chatMembers}
        where chat_id = ${message.chatId} and user_id = ${message.senderId})`
    : sql``;
  // Eight shapes of text (member or not, reply or not, mentions or not), each prepared once per
  // connection.
  const name = `append_${senderMustBeMember ? 'member' : 'any'}_${message.replyToSeq === null ? 'plain' : 'reply'}${message.mentions.length === 0 ? '' : '_mentions'}`;
  const query = sql`
    with bumped as (
      update ${chats}
      set last_seq = last_seq + 1,
          last_change_seq = last_change_seq + 1,
          updated_at = ${bumpedUpdatedAt(now)},
          last_message = ${JSON.stringify(summary)}::jsonb || jsonb_build_object('seq', last_seq + 1)
      where id = ${message.chatId}${membership}
      returning last_seq as seq, last_change_seq as change_seq
    ), inserted as (
      insert into ${messages} (${insertColumns})
      select ${selected} from bumped
      returning ${returningList}
    ), marked as (
      update ${chatMembers}
      set last_read_seq = greatest(last_read_seq, (select seq from bumped)),
          last_delivered_seq = greatest(last_delivered_seq, (select seq from bumped))
      where chat_id = ${message.chatId} and user_id = ${message.senderId}
    )
    select i.*, ${quoteOfInserted(message)} as "replyTo" from inserted i`;
  return { name, query };
}

/**
 * The columns of a message row named `table` as a `MessageRecord`'s keys (its quote aside), as SQL
 * text for statements written out by hand.
 */
export const messageSelectList = (table: string): string =>
  Object.entries(messageColumns)
    .map(([key, column]) => `${table}."${column.name}" as "${key}"`)
    .join(', ');

/** A message read by a statement written out by hand (`db.execute`). */
export const fromRawRow = (row: RawMessageRow): MessageRecord => ({
  ...row,
  createdAt: new Date(row.createdAt),
  editedAt: toDate(row.editedAt),
  deletedAt: toDate(row.deletedAt),
});

/** Raw rows: depending on the driver (pg or PGlite), timestamps come back as Date or as text. */
export type RawMessageRow = Omit<MessageRecord, 'createdAt' | 'editedAt' | 'deletedAt'> & {
  createdAt: Date | string;
  editedAt: Date | string | null;
  deletedAt: Date | string | null;
};

const toDate = (value: Date | string | null): Date | null =>
  value === null ? null : new Date(value);

export const jsonb = (value: object | null): SQL =>
  sql`${value === null ? null : JSON.stringify(value)}::jsonb`;
