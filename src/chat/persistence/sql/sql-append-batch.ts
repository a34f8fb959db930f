import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { executePrepared, newId, type Database } from '@app/database';
import {
  summaryText,
  type MessageRecord,
  type NewMessage,
  type StoredMessage,
} from '../chat.records';
import type { StoredLastMessage } from './chats.table';
import { messages } from './messages.table';
import {
  fromRawRow,
  insertable,
  insertColumns,
  mentionsLessBlockers,
  quoteOf,
  returningList,
  type RawMessageRow,
} from './sql-chat-statements';

/**
 * Group commit for members' messages (see docs/persistence.md): a batch of sends, any chats, in
 * one statement and so one transaction and one WAL flush. Per chat, the batch's messages take
 * consecutive seqs in the order given, with one update of the chat row that moves `last_seq` by
 * their number: seqs stay gap-free because the insert of exactly those rows is the same statement.
 *
 * The statement only ever stores new messages of members. Whatever it leaves out (a sender who is
 * not a member, a blocked direct chat, a missing chat, a clientMessageId already stored) is simply
 * not in its result, and the caller decides those one by one with the single-message statement,
 * which knows how to refuse them or find their original.
 *
 * Chat rows are locked in id order before any is updated, so two batches never wait for each
 * other in a cycle.
 */

const columns = getTableColumns(messages);

/** A batch row's fields of a message: the new message and its id; the statement adds the rest. */
type Carried = keyof NewMessage | 'id';
const CARRIED: { [K in Carried]: true } = {
  id: true,
  chatId: true,
  senderId: true,
  clientMessageId: true,
  kind: true,
  text: true,
  mediaId: true,
  media: true,
  system: true,
  replyToSeq: true,
  mentions: true,
};
const carried = (Object.keys(CARRIED) as Carried[]).map((key) => ({
  key,
  name: columns[key].name,
}));
const isCarried = (key: keyof StoredMessage): key is Carried => key in CARRIED;

/**
 * The batch as one jsonb parameter: a row per message, in send order (`ord`), with the carried
 * fields under their column names and types (from messages.table.ts) and the chat list's `summary`.
 */
const BATCH_COLUMNS = [
  'ord int',
  ...carried.map(({ key, name }) => `"${name}" ${columns[key].getSQLType()}`),
  'summary text',
].join(', ');

/**
 * The column of a message's `key` in the row named `row`: a row of the messages table, or of the
 * batch, whose columns are named the same.
 */
const column =
  (row: string) =>
  (key: keyof StoredMessage): SQL =>
    sql.raw(`${row}."${columns[key].name}"`);
/** The rows the statement names: of the batch (`b`, `a`, `nb`, `t`, `s`), messages (`d`, `r`). */
const [batchRow, b, a, nb, t, s, d, r] = ['batch', 'b', 'a', 'nb', 't', 's', 'd', 'r'].map(column);
/** A field of a message the statement returns (`returningList` names them by key). */
const returned = (key: keyof StoredMessage): SQL => sql.raw(`i."${key}"`);

/** Each inserted value the batch row does not carry: from its chat's new seqs `b` and `clock`. */
const madeValue: { [K in Exclude<keyof StoredMessage, Carried>]: string } = {
  seq: 'b.base_seq + nb.n',
  createdAt: 'clock.at',
  editedAt: 'null::timestamptz',
  deletedAt: 'null::timestamptz',
  changeSeq: 'b.base_change + nb.n',
  reactions: `'[]'::jsonb`,
  previews: `'[]'::jsonb`,
};

const QUOTE = quoteOf('r');

/**
 * A batch in which someone mentions someone stores the mentions less those who blocked the sender
 * (see `mentionsLessBlockers`); one without any mention stores them as given, with no lookup.
 */
const MENTIONS_LESS_BLOCKERS = sql`case when ${nb('mentions')} = '[]'::jsonb then ${nb('mentions')}
  else ${mentionsLessBlockers(nb('mentions'), nb('senderId'))} end`;

/** The inserted values, in the order of `insertColumns`, for a batch with or without mentions. */
const valuesFor = (mentioning: boolean): SQL =>
  sql.join(
    insertable.map(({ key }) => {
      if (key === 'mentions' && mentioning) return MENTIONS_LESS_BLOCKERS;
      return isCarried(key) ? nb(key) : sql.raw(madeValue[key]);
    }),
    sql`, `,
  );
const VALUES = { plain: valuesFor(false), mentioning: valuesFor(true) };

/** The chat list's last message, from the last batch row `t` of a chat, its seq and the time. */
const lastMessageOf = (at: string): SQL => {
  const fields: { [K in keyof Required<StoredLastMessage>]: SQL } = {
    id: t('id'),
    seq: sql.raw('c.last_seq + t.total'),
    senderId: t('senderId'),
    kind: t('kind'),
    text: sql.raw('t.summary'),
    // A file's view has a name, an image's has none: null for those.
    attachmentName: sql`${t('media')} ->> 'name'`,
    createdAt: sql`${at}::text`,
    deletedAt: sql.raw('null'),
    // Batches hold members' messages only, never a system message.
    system: sql.raw('null'),
  };
  return sql`jsonb_build_object(${sql.join(
    Object.entries(fields).map(([key, value]) => sql`${sql.raw(`'${key}'`)}, ${value}`),
    sql`, `,
  )})`;
};

/**
 * The statement's text never changes with the batch (parameters: the rows and the time), only
 * with whether it has mentions, so it runs as one of two prepared statements and PostgreSQL keeps
 * their plans (its name comes with it). Exported so that tools/hot-statements.ts can write its text
 * out without a database.
 */
export const batchStatement = (
  rows: string,
  at: string,
  mentioning: boolean,
): { name: string; query: SQL } => {
  const values = mentioning ? VALUES.mentioning : VALUES.plain;
  const query = sql`
    with clock as (select ${at}::timestamptz as at),
    batch as (select * from jsonb_to_recordset(${rows}::jsonb) as x(${sql.raw(BATCH_COLUMNS)})),
    locked as (
      select c.id from chats c
      where c.id in (select ${batchRow('chatId')} from batch) and not c.blocked
      order by c.id for update
    ),
    accepted as (
      select b.* from batch b join locked l on l.id = ${b('chatId')}
      where exists (select 1 from chat_members m
                    where m.chat_id = ${b('chatId')} and m.user_id = ${b('senderId')})
        and not exists (select 1 from messages d
                        where ${d('senderId')} = ${b('senderId')}
                          and ${d('clientMessageId')} = ${b('clientMessageId')})
    ),
    numbered as (
      select a.*, row_number() over (partition by ${a('chatId')} order by a.ord)::int as n,
             count(*) over (partition by ${a('chatId')})::int as total
      from accepted a
    ),
    bumped as (
      update chats c
      set last_seq = c.last_seq + t.total,
          last_change_seq = c.last_change_seq + t.total,
          updated_at = greatest(c.updated_at, clock.at),
          last_message = ${lastMessageOf(at)}
      from numbered t, clock
      where c.id = ${t('chatId')} and t.n = t.total
      returning c.id as chat_id, c.last_seq - t.total as base_seq,
                c.last_change_seq - t.total as base_change
    ),
    inserted as (
      insert into messages (${insertColumns})
      select ${values}
      from numbered nb join bumped b on b.chat_id = ${nb('chatId')} cross join clock
      returning ${returningList}
    ),
    marked as (
      update chat_members m
      set last_read_seq = greatest(m.last_read_seq, s.seq),
          last_delivered_seq = greatest(m.last_delivered_seq, s.seq)
      from (select ${nb('chatId')}, ${nb('senderId')}, max(b.base_seq + nb.n) as seq
            from numbered nb join bumped b on b.chat_id = ${nb('chatId')}
            group by ${nb('chatId')}, ${nb('senderId')}) s
      where m.chat_id = ${s('chatId')} and m.user_id = ${s('senderId')}
    )
    select i.*, case when ${returned('replyToSeq')} is null then null else
      (select ${sql.raw(QUOTE)} from messages r
       where ${r('chatId')} = ${returned('chatId')} and ${r('seq')} = ${returned('replyToSeq')}
         and ${r('deletedAt')} is null)
      end as "replyTo"
    from inserted i`;
  return { name: mentioning ? 'append_batch_mentions' : 'append_batch', query };
};

/**
 * Stores the new messages of members among `batch` (each sender must be a member; see above).
 * The result has, in the batch's order, the stored message or null for one left out.
 */
export async function appendBatch(
  db: Database,
  batch: readonly NewMessage[],
): Promise<Array<MessageRecord | null>> {
  const now = new Date();
  const ids = batch.map(() => newId(now.getTime()));
  const rows = batch.map((message, ord) => {
    const row: Record<string, unknown> = { ord };
    for (const { key, name } of carried) row[name] = key === 'id' ? ids[ord] : message[key];
    row.summary = message.text === null ? null : summaryText(message.text);
    return row;
  });
  const mentioning = batch.some((message) => message.mentions.length > 0);
  const { name, query } = batchStatement(JSON.stringify(rows), now.toISOString(), mentioning);
  const result = await executePrepared<RawMessageRow>(db, name, query);
  const stored = new Map(result.rows.map((row) => [row.id, fromRawRow(row)]));
  return ids.map((id) => stored.get(id) ?? null);
}
