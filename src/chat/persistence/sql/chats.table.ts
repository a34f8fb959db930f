import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  ChatKind,
  ChatNotifyLevel,
  MemberRole,
  MessageKind,
  SystemEventView,
} from '@app/contracts';

/**
 * `LastMessageSummary` as it sits in JSON, where a date can only be a string (ISO 8601). Declared
 * here rather than derived from the messages table, which refers to this one.
 */
export interface StoredLastMessage {
  id: string;
  seq: number;
  senderId: string | null;
  kind: MessageKind;
  text: string | null;
  /** A file's name; absent on summaries stored before files could be sent. */
  attachmentName?: string | null;
  createdAt: string;
  deletedAt?: string | null;
  /** What a system message says happened; absent on summaries stored before it was kept. */
  system?: SystemEventView | null;
}

export const chats = pgTable(
  'chats',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<ChatKind>().notNull(),
    /** Groups only; null for direct chats. */
    name: text('name'),
    createdBy: uuid('created_by').notNull(),
    // Written from JS with millisecond precision (never SQL now(), which has microseconds): the
    // chat list pages on (updated_at, id), and a cursor must compare equal to the row it came from.
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Last activity: creation, a message, a rename or a membership change. Orders the chat list. */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Seq of the newest message; 0 for a chat without messages. */
    lastSeq: integer('last_seq').notNull().default(0),
    /** The change log: bumped by every new, edited or deleted message and reaction change. */
    lastChangeSeq: integer('last_change_seq').notNull().default(0),
    /** Direct chats only: one member blocked the other, so nobody sends into it. */
    blocked: boolean('blocked').notNull().default(false),
    lastMessage: jsonb('last_message').$type<StoredLastMessage>(),
    /** Direct chats only: both user ids sorted and joined with ':', so a pair has one chat. */
    directKey: text('direct_key'),
  },
  (table) => [
    uniqueIndex('chats_direct_key_unique').on(table.directKey),
    index('chats_updated_order').on(table.updatedAt, table.id),
  ],
);

export const chatMembers = pgTable(
  'chat_members',
  {
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    // No foreign key to users: the users domain owns its table and may live in another database.
    userId: uuid('user_id').notNull(),
    role: text('role').$type<MemberRole>().notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    lastReadSeq: integer('last_read_seq').notNull().default(0),
    lastDeliveredSeq: integer('last_delivered_seq').notNull().default(0),
    /** Muted until then (`MUTED_FOREVER` for "until unmuted"); null or past: not muted. */
    mutedUntil: timestamp('muted_until', { withTimezone: true }),
    /** Which of the chat's messages may become a push notification for this member. */
    notify: text('notify').$type<ChatNotifyLevel>().notNull().default('all'),
  },
  (table) => [
    primaryKey({ columns: [table.chatId, table.userId] }),
    index('chat_members_user_id').on(table.userId),
  ],
);

/**
 * People who were members of a group and are not any more: their names stay on what they wrote
 * (the chat view lists them), and their read marks come back if they are added again.
 */
export const chatFormerMembers = pgTable(
  'chat_former_members',
  {
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    leftAt: timestamp('left_at', { withTimezone: true }).notNull(),
    lastReadSeq: integer('last_read_seq').notNull(),
    lastDeliveredSeq: integer('last_delivered_seq').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.chatId, table.userId] }),
    index('chat_former_members_recent').on(table.chatId, table.leftAt),
  ],
);

export type ChatRow = typeof chats.$inferSelect;
export type ChatMemberRow = typeof chatMembers.$inferSelect;
export type ChatFormerMemberRow = typeof chatFormerMembers.$inferSelect;

/** Who blocked whom. Kept by chat, the only domain it changes (sends, direct chats, presence). */
export const userBlocks = pgTable(
  'user_blocks',
  {
    blockerId: uuid('blocker_id').notNull(),
    blockedId: uuid('blocked_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.blockerId, table.blockedId] }),
    index('user_blocks_blocked_id').on(table.blockedId),
  ],
);

export type UserBlockRow = typeof userBlocks.$inferSelect;
