import { sql, type SQL } from 'drizzle-orm';
import { executePrepared, newId, type Database } from '@app/database';
import {
  summaryText,
  type MessageRecord,
  type NewMessage,
  type StoredMessage,
} from './chat.records';
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

/** The batch as one jsonb parameter: a row per message, in send order (`ord`). */
const BATCH_COLUMNS = `ord int, id uuid, chat_id uuid, sender_id uuid, client_message_id text,
  kind text, "text" text, media_id uuid, media jsonb, system jsonb, reply_to_seq int,
  mentions jsonb, summary text`;

/** Each inserted column, from the numbered batch row `nb`, its chat's new seqs `b` and the `clock`. */
const insertedValue: { [K in keyof StoredMessage]: string } = {
  id: 'nb.id',
  chatId: 'nb.chat_id',
  seq: 'b.base_seq + nb.n',
  senderId: 'nb.sender_id',
  clientMessageId: 'nb.client_message_id',
  kind: 'nb.kind',
  text: 'nb."text"',
  mediaId: 'nb.media_id',
  media: 'nb.media',
  system: 'nb.system',
  createdAt: 'clock.at',
  editedAt: 'null::timestamptz',
  deletedAt: 'null::timestamptz',
  changeSeq: 'b.base_change + nb.n',
  replyToSeq: 'nb.reply_to_seq',
  reactions: `'[]'::jsonb`,
  mentions: 'nb.mentions',
};

const QUOTE = quoteOf('r');

/**
 * A batch in which someone mentions someone stores the mentions less those who blocked the sender
 * (see `mentionsLessBlockers`); one without any mention stores them as given, with no lookup.
 */
const MENTIONS_LESS_BLOCKERS = sql`case when nb.mentions = '[]'::jsonb then nb.mentions
  else ${mentionsLessBlockers(sql.raw('nb.mentions'), sql.raw('nb.sender_id'))} end`;

/** The inserted values, in the order of `insertColumns`, for a batch with or without mentions. */
const valuesFor = (mentioning: boolean): SQL =>
  sql.join(
    insertable.map(({ key }) =>
      key === 'mentions' && mentioning ? MENTIONS_LESS_BLOCKERS : sql.raw(insertedValue[key]),
    ),
    sql`, `,
  );
const VALUES = { plain: valuesFor(false), mentioning: valuesFor(true) };

/**
 * The statement's text never changes with the batch (parameters: the rows and the time), only
 * with whether it has mentions, so it runs as one of two prepared statements and PostgreSQL keeps
 * their plans.
 */
const statement = (rows: string, at: string, mentioning: boolean) => {
  const values = mentioning ? VALUES.mentioning : VALUES.plain;
  return sql`
    with clock as (select ${at}::timestamptz as at),
    batch as (select * from jsonb_to_recordset(${rows}::jsonb) as x(${sql.raw(BATCH_COLUMNS)})),
    locked as (
      select c.id from chats c
      where c.id in (select chat_id from batch) and not c.blocked
      order by c.id for update
    ),
    accepted as (
      select b.* from batch b join locked l on l.id = b.chat_id
      where exists (select 1 from chat_members m
                    where m.chat_id = b.chat_id and m.user_id = b.sender_id)
        and not exists (select 1 from messages d
                        where d.sender_id = b.sender_id and d.client_message_id = b.client_message_id)
    ),
    numbered as (
      select a.*, row_number() over (partition by a.chat_id order by a.ord)::int as n,
             count(*) over (partition by a.chat_id)::int as total
      from accepted a
    ),
    bumped as (
      update chats c
      set last_seq = c.last_seq + t.total,
          last_change_seq = c.last_change_seq + t.total,
          updated_at = greatest(c.updated_at, clock.at),
          last_message = jsonb_build_object('id', t.id, 'seq', c.last_seq + t.total,
            'senderId', t.sender_id, 'kind', t.kind, 'text', t.summary,
            'createdAt', ${at}::text, 'deletedAt', null)
      from numbered t, clock
      where c.id = t.chat_id and t.n = t.total
      returning c.id as chat_id, c.last_seq - t.total as base_seq,
                c.last_change_seq - t.total as base_change
    ),
    inserted as (
      insert into messages (${insertColumns})
      select ${values}
      from numbered nb join bumped b on b.chat_id = nb.chat_id cross join clock
      returning ${returningList}
    ),
    marked as (
      update chat_members m
      set last_read_seq = greatest(m.last_read_seq, s.seq),
          last_delivered_seq = greatest(m.last_delivered_seq, s.seq)
      from (select nb.chat_id, nb.sender_id, max(b.base_seq + nb.n) as seq
            from numbered nb join bumped b on b.chat_id = nb.chat_id
            group by nb.chat_id, nb.sender_id) s
      where m.chat_id = s.chat_id and m.user_id = s.sender_id
    )
    select i.*, case when i."replyToSeq" is null then null else
      (select ${sql.raw(QUOTE)} from messages r
       where r.chat_id = i."chatId" and r.seq = i."replyToSeq" and r.deleted_at is null)
      end as "replyTo"
    from inserted i`;
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
  const rows = batch.map((message, ord) => ({
    ord,
    id: ids[ord],
    chat_id: message.chatId,
    sender_id: message.senderId,
    client_message_id: message.clientMessageId,
    kind: message.kind,
    text: message.text,
    media_id: message.mediaId,
    media: message.media,
    system: message.system,
    reply_to_seq: message.replyToSeq,
    mentions: message.mentions,
    summary: message.text === null ? null : summaryText(message.text),
  }));
  const mentioning = batch.some((message) => message.mentions.length > 0);
  const result = await executePrepared<RawMessageRow>(
    db,
    mentioning ? 'append_batch_mentions' : 'append_batch',
    statement(JSON.stringify(rows), now.toISOString(), mentioning),
  );
  const stored = new Map(result.rows.map((row) => [row.id, fromRawRow(row)]));
  return ids.map((id) => stored.get(id) ?? null);
}
