import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pg-proxy';
import type { Database } from '@app/database';
import type { NewMessage } from '../src/chat/persistence/chat.records';
import { batchStatement } from '../src/chat/persistence/sql/sql-append-batch';
import { appendStatement } from '../src/chat/persistence/sql/sql-chat-statements';
import {
  chatPageStatement,
  headsStatement,
} from '../src/chat/persistence/sql/sql-chats.repository';
import {
  changedAfterStatement,
  countChangedAfterStatement,
  pagesAfterStatement,
} from '../src/chat/persistence/sql/sql-sync-reads';
import { statementFile, type Param, type Rendered, type Statement } from './statement-file';

/**
 * The statements that run most (sending, chat:sync, the chat list), written out as SQL under
 * src/chat/persistence/sql/queries/ so that a reviewer sees what a change does to them, and
 * someone reading a slow-query log or an EXPLAIN finds the statement it came from. Each is built
 * by the same function the repositories call, with representative arguments; the parameters'
 * values never show in the text, but each is checked against its sample, so the list of them in
 * the file's header cannot drift from the statement. tools/hot-statements.spec.ts fails when a
 * checked-in file is not what this renders.
 */

export const QUERIES_DIR = join(__dirname, '..', 'src', 'chat', 'persistence', 'sql', 'queries');
export const COMMAND = 'npm run docs:queries';

const dialect = new PgDialect();
const render = (query: SQL): Rendered => dialect.sqlToQuery(query);
/** For the query builders: a Drizzle handle that renders SQL and never runs it. */
const offline: Database = drizzle(() => Promise.reject(new Error('Only rendered, never run')));

/** Representative arguments: UUIDv7-shaped ids, one time. */
const id = (n: number) => `01943a9e-6b00-7000-8000-${String(n).padStart(12, '0')}`;
const CHAT = id(1);
const SENDER = id(2);
const MESSAGE = id(3);
const MENTIONED = id(4);
const AT = new Date('2025-01-06T09:30:00.000Z');
const ISO = AT.toISOString();

const message = (change: Partial<NewMessage> = {}): NewMessage => ({
  chatId: CHAT,
  senderId: SENDER,
  clientMessageId: 'c-7f3a',
  kind: 'text',
  text: 'See you at nine',
  mediaId: null,
  media: null,
  system: null,
  replyToSeq: null,
  mentions: [],
  ...change,
});

/** The parameters of a member's single send, in the statement's order. */
const sendParams = (sent: NewMessage): Param[] => [
  ['the time of the send (`updated_at` moves to it, never back)', ISO],
  ["the chat list's summary of the message, jsonb (the statement adds its seq)", /^\{"id":/],
  ['the chat id', CHAT],
  ['the chat id', CHAT],
  ['the sender id', SENDER],
  ['the new message id (a UUIDv7 made by the server)', MESSAGE],
  ['the chat id', CHAT],
  ['the sender id', SENDER],
  ['the clientMessageId', sent.clientMessageId],
  ['the kind', sent.kind],
  ['the text (null for a photo without a caption)', sent.text],
  ['the upload id (null for a text message)', null],
  ['the media, jsonb (null for a text message)', null],
  ['the system event, jsonb (null: a person sends)', null],
  ['the time of the send (`created_at`)', ISO],
  ['the seq the message answers (null: none)', sent.replyToSeq],
  ['the mentions, a jsonb array of user ids', JSON.stringify(sent.mentions)],
  ...(sent.mentions.length > 0
    ? ([
        ['the sender id (the mentions of those who blocked the sender are dropped)', SENDER],
      ] as const)
    : []),
  ['the chat id', CHAT],
  ['the sender id', SENDER],
];

const send = (file: string, what: string, sent: NewMessage): Statement => {
  const { name, query } = appendStatement(sent, true, AT, MESSAGE);
  return {
    file,
    what: `${what} (\`appendMessage\` in sql-chat-statements.ts, prepared as ${name}).`,
    rendered: render(query),
    params: sendParams(sent),
  };
};

/** A batch as `appendBatch` passes it: a row per message, the columns under their SQL names. */
const BATCH_ROWS = JSON.stringify([
  { ord: 0, id: MESSAGE, chat_id: CHAT, sender_id: SENDER, client_message_id: 'c-7f3a' },
  { ord: 1, id: id(5), chat_id: id(6), sender_id: id(7), client_message_id: 'c-91d0' },
]);

const sendBatch = (file: string, what: string, mentioning: boolean): Statement => {
  const { name, query } = batchStatement(BATCH_ROWS, ISO, mentioning);
  return {
    file,
    what: `${what} (\`appendBatch\` in sql-append-batch.ts, prepared as ${name}).`,
    rendered: render(query),
    params: [
      ['the time of the batch (every message of it is created at it)', ISO],
      [
        'the batch, a jsonb array with a row per message in send order: ord, the columns it ' +
          "carries under their SQL names, and the chat list's summary of its text",
        BATCH_ROWS,
      ],
      ['the time of the batch, as text (the chat list summary)', ISO],
    ],
  };
};

const SEQ_CURSORS = [{ chat_id: CHAT, after_seq: 120, row_limit: 50 }];
const CHANGE_CURSORS = [
  { chat_id: CHAT, after_change_seq: 130, at_or_below_seq: 120, row_limit: 50 },
];
const HEAD_CHATS = [CHAT, id(6), id(8)];
const seqCursors: Param = [
  'the cursors, a jsonb array with a row per chat: chat_id, after_seq, row_limit',
  JSON.stringify(SEQ_CURSORS),
];
const changeCursors: Param = [
  'the cursors, a jsonb array with a row per chat: chat_id, after_change_seq, at_or_below_seq, ' +
    'row_limit',
  JSON.stringify(CHANGE_CURSORS),
];

/** Every statement written out, by file name. */
export function hotStatements(): Statement[] {
  return [
    send('send.sql', "A person's message, sent alone", message()),
    send(
      'send-reply.sql',
      'A reply, sent alone: the same with its quote',
      message({ replyToSeq: 41 }),
    ),
    send(
      'send-mentions.sql',
      'A message that mentions someone, sent alone',
      message({ text: '@ana see you at nine', mentions: [MENTIONED] }),
    ),
    sendBatch('send-batch.sql', "Members' messages sent together by group commit", false),
    sendBatch(
      'send-batch-mentions.sql',
      "Members' messages sent together by group commit, one of them mentioning someone",
      true,
    ),
    {
      file: 'sync-heads.sql',
      what:
        "chat:sync, first read: each chat's last seq and last change seq (`heads` in " +
        'sql-chats.repository.ts). One parameter per chat: its text changes with their number.',
      rendered: headsStatement(offline, HEAD_CHATS).toSQL(),
      params: HEAD_CHATS.map((chat): Param => ['a chat id', chat]),
    },
    {
      file: 'sync-count-changed-after.sql',
      what:
        'chat:sync, second read: how many changed messages each chat has past the cursor, from ' +
        'the index only (`countChangedAfter` in sql-sync-reads.ts).',
      rendered: render(countChangedAfterStatement(CHANGE_CURSORS)),
      params: [changeCursors],
    },
    {
      file: 'sync-changed-after.sql',
      what:
        'chat:sync: the messages changed (edited, deleted, reacted to) past each cursor, up to ' +
        'its seq (`changedAfter` in sql-sync-reads.ts).',
      rendered: render(changedAfterStatement(CHANGE_CURSORS)),
      params: [changeCursors],
    },
    {
      file: 'sync-pages-after.sql',
      what: 'chat:sync: the new messages after each cursor (`pagesAfter` in sql-sync-reads.ts).',
      rendered: render(pagesAfterStatement(SEQ_CURSORS)),
      params: [seqCursors],
    },
    {
      file: 'chat-list.sql',
      what:
        "GET /chats, first page: the user's chats, the most recently active first " +
        '(`pageForUser` in sql-chats.repository.ts).',
      rendered: chatPageStatement(offline, SENDER, { limit: 21 }).toSQL(),
      params: [
        ['the user id', SENDER],
        ['the page size plus one (to tell whether there is a next page)', 21],
      ],
    },
    {
      file: 'chat-list-after.sql',
      what: 'GET /chats, a later page: the same after the cursor of the previous page.',
      rendered: chatPageStatement(offline, SENDER, {
        limit: 21,
        after: { updatedAt: AT, id: CHAT },
      }).toSQL(),
      params: [
        ['the user id', SENDER],
        ["the cursor: the previous page's last chat's updated_at", ISO],
        ["the cursor: the previous page's last chat's id", CHAT],
        ['the page size plus one (to tell whether there is a next page)', 21],
      ],
    },
  ];
}

/** Each file's text, by name. */
export function renderHotStatements(): Map<string, string> {
  return new Map(
    hotStatements().map((statement) => [statement.file, statementFile(statement, COMMAND)]),
  );
}

if (require.main === module) {
  const files = renderHotStatements();
  for (const [file, text] of files) writeFileSync(join(QUERIES_DIR, file), text);
  // A statement taken out of the list leaves no file behind.
  for (const file of readdirSync(QUERIES_DIR)) {
    if (file.endsWith('.sql') && !files.has(file)) unlinkSync(join(QUERIES_DIR, file));
  }
  process.stdout.write(`Wrote ${files.size} files to ${relative(process.cwd(), QUERIES_DIR)}\n`);
}
