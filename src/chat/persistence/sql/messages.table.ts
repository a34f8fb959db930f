import { sql, type SQL } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  LinkPreviewView,
  FileView,
  MediaView,
  MessageKind,
  ReactionView,
  SystemEventView,
} from '@app/contracts';
import { chats } from './chats.table';

/** Drizzle has no built-in tsvector; the column is only ever written by PostgreSQL itself. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey(),
    chatId: uuid('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    /** 1, 2, 3, … per chat, no gaps. */
    seq: integer('seq').notNull(),
    /** The author; a system message's is the member who made the change. */
    senderId: uuid('sender_id'),
    /** Unique per sender; null for system messages. */
    clientMessageId: text('client_message_id'),
    kind: text('kind').$type<MessageKind>().notNull(),
    text: text('text'),
    mediaId: uuid('media_id'),
    /**
     * The upload as it was when sent (an image's or a file's view): uploads never change, so history
     * needs no media lookup.
     */
    media: jsonb('media').$type<MediaView | FileView>(),
    system: jsonb('system').$type<SystemEventView>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    /** Set on a tombstone (deleted for everyone): text, media, reactions and mentions are cleared. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /** The chat's `last_change_seq` when this message last changed (sent, edited, deleted, reacted to). */
    changeSeq: integer('change_seq').notNull().default(0),
    /** The seq, in the same chat, of the message this one answers. */
    replyToSeq: integer('reply_to_seq'),
    /** Emoji and who put them there, in order: small, and always read with the message. */
    reactions: jsonb('reactions').$type<ReactionView[]>().notNull().default([]),
    /** User ids of the members mentioned (jsonb so that `@>` finds a person's mentions). */
    mentions: jsonb('mentions').$type<string[]>().notNull().default([]),
    /** Previews of the message's first links, added after the send (see src/chat/previews). */
    previews: jsonb('previews').$type<LinkPreviewView[]>().notNull().default([]),
    // 'simple' rather than a language: chats mix languages, and stemming one would garble others.
    search: tsvector('search').generatedAlwaysAs(
      (): SQL => sql`to_tsvector('simple', coalesce("text", ''))`,
    ),
  },
  (table) => [
    uniqueIndex('messages_chat_seq_unique').on(table.chatId, table.seq),
    // chat:sync's `changed` and the REST change feed: a chat's messages by change order.
    index('messages_chat_change_seq').on(table.chatId, table.changeSeq),
    // NULLs are distinct, so system messages (no client id) never collide.
    uniqueIndex('messages_sender_client_message_id_unique').on(
      table.senderId,
      table.clientMessageId,
    ),
    index('messages_search').using('gin', table.search),
    // Unread mentions: only the messages that mention anyone, so counting a chat's unread
    // mentions never walks its whole unread range (a million unread messages took 150-370 ms).
    index('messages_chat_seq_mentioning')
      .on(table.chatId, table.seq)
      .where(sql`${table.mentions} <> '[]'::jsonb`),
    // "May this person see this image": find the chats an image was posted in.
    index('messages_media_id')
      .on(table.mediaId)
      .where(sql`${table.mediaId} is not null`),
    // The same for a preview's picture (`previews @> '[{"image":{"id":…}}]'`), over the few
    // messages that have previews.
    index('messages_preview_images')
      .using('gin', sql`${table.previews} jsonb_path_ops`)
      .where(sql`${table.previews} <> '[]'::jsonb`),
  ],
);

export type MessageRow = typeof messages.$inferSelect;
