import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    /** Always stored lower-cased and trimmed by the service. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** Lower-case, unique; chosen by the person, or made from their address at sign-up. */
    handle: text('handle').notNull(),
    avatarMediaId: uuid('avatar_media_id'),
    avatarUrl: text('avatar_url'),
    avatarThumbnailUrl: text('avatar_thumbnail_url'),
    passwordHash: text('password_hash'),
    /** When someone proved they read this address (a sign-in code); null: not yet. */
    emailProvenAt: timestamp('email_proven_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('users_email_unique').on(table.email),
    uniqueIndex('users_handle_unique').on(table.handle),
    index('users_name_order').on(sql`lower(${table.name})`, table.id),
  ],
);

export type UserRow = typeof users.$inferSelect;
