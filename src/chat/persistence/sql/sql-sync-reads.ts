import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@app/database';
import type { MessageRecord } from '../chat.records';
import type { ChangeFeedCursor, Limited, SeqCursor } from '../messages.repository';
import { fromRawRow, messageSelectList, quoteOf, type RawMessageRow } from './sql-chat-statements';

// chat:sync's reads for many chats at once: one statement each, whatever the number of chats
// (a lateral join runs the per-chat index range for every cursor inside PostgreSQL).

const COLUMNS = sql.raw(messageSelectList('m'));
const QUOTE = sql.raw(`case when o.id is null or o.deleted_at is not null
  or m.deleted_at is not null then null else ${quoteOf('o')} end`);

/** Up to each cursor's `limit` messages after its seq, oldest first, by chat. */
export async function pagesAfter(
  db: Database,
  cursors: readonly Limited<SeqCursor>[],
): Promise<Map<string, MessageRecord[]>> {
  const wanted = cursors
    .filter((c) => c.limit > 0)
    .map((c): SeqCursorRow => ({ chat_id: c.chatId, after_seq: c.afterSeq, row_limit: c.limit }));
  if (wanted.length === 0) return new Map();
  const result: unknown = await db.execute(pagesAfterStatement(wanted));
  return byChat((result as { rows: RawMessageRow[] }).rows);
}

/**
 * The statements of this file take the cursors as one jsonb array of rows; they are exported so
 * that tools/hot-statements.ts can write their text out without a database.
 */
export const pagesAfterStatement = (wanted: readonly SeqCursorRow[]): SQL => sql`
    select ${COLUMNS}, ${QUOTE} as "replyTo"
    from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb)
      as c(chat_id uuid, after_seq int, row_limit int)
    cross join lateral (
      select * from messages
      where chat_id = c.chat_id and seq > c.after_seq
      order by seq limit c.row_limit
    ) m
    left join messages o on o.chat_id = m.chat_id and o.seq = m.reply_to_seq
    order by m.chat_id, m.seq`;

/** Up to each cursor's `limit` messages changed after its change seq, at or below its seq, in change order. */
export async function changedAfter(
  db: Database,
  cursors: readonly Limited<ChangeFeedCursor>[],
): Promise<Map<string, MessageRecord[]>> {
  const wanted = changeCursors(cursors);
  if (wanted.length === 0) return new Map();
  const result: unknown = await db.execute(changedAfterStatement(wanted));
  return byChat((result as { rows: RawMessageRow[] }).rows);
}

export const changedAfterStatement = (wanted: readonly ChangeCursorRow[]): SQL => sql`
    select ${COLUMNS}, ${QUOTE} as "replyTo"
    from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb)
      as c(chat_id uuid, after_change_seq int, at_or_below_seq int, row_limit int)
    cross join lateral (
      select * from messages
      where chat_id = c.chat_id and change_seq > c.after_change_seq and seq <= c.at_or_below_seq
      order by change_seq limit c.row_limit
    ) m
    left join messages o on o.chat_id = m.chat_id and o.seq = m.reply_to_seq
    order by m.chat_id, m.change_seq`;

/**
 * How many messages each cursor's `changedAfter` would return, counting no further than its
 * `limit`: read from the (chat, change seq) index, no message text.
 */
export async function countChangedAfter(
  db: Database,
  cursors: readonly Limited<ChangeFeedCursor>[],
): Promise<Map<string, number>> {
  const wanted = changeCursors(cursors);
  if (wanted.length === 0) return new Map();
  const result: unknown = await db.execute(countChangedAfterStatement(wanted));
  const rows = (result as { rows: { chatId: string; count: number }[] }).rows;
  return new Map(rows.filter((row) => row.count > 0).map((row) => [row.chatId, row.count]));
}

export const countChangedAfterStatement = (wanted: readonly ChangeCursorRow[]): SQL => sql`
    select c.chat_id as "chatId", (
      select count(*) from (
        select 1 from messages
        where chat_id = c.chat_id and change_seq > c.after_change_seq and seq <= c.at_or_below_seq
        limit c.row_limit
      ) capped
    )::int as "count"
    from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb)
      as c(chat_id uuid, after_change_seq int, at_or_below_seq int, row_limit int)`;

/** A cursor of `pagesAfter` as a row of its statement's jsonb array. */
export type SeqCursorRow = { chat_id: string; after_seq: number; row_limit: number };

/** A change-feed cursor as a row of the statements' jsonb array. */
export type ChangeCursorRow = {
  chat_id: string;
  after_change_seq: number;
  at_or_below_seq: number;
  row_limit: number;
};

function changeCursors(cursors: readonly Limited<ChangeFeedCursor>[]): ChangeCursorRow[] {
  return cursors
    .filter((c) => c.limit > 0)
    .map((c) => ({
      chat_id: c.chatId,
      after_change_seq: c.afterChangeSeq,
      at_or_below_seq: c.atOrBelowSeq,
      row_limit: c.limit,
    }));
}

function byChat(rows: readonly RawMessageRow[]): Map<string, MessageRecord[]> {
  const chats = new Map<string, MessageRecord[]>();
  for (const row of rows) {
    const message = fromRawRow(row);
    const list = chats.get(message.chatId);
    if (list) list.push(message);
    else chats.set(message.chatId, [message]);
  }
  return chats;
}
