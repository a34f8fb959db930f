import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { MediaKind, MediaUse } from '../media.repository';

export const media = pgTable(
  'media',
  {
    id: uuid('id').primaryKey(),
    // No foreign key to users: the users domain owns its table and may live in another database.
    ownerId: uuid('owner_id').notNull(),
    /** `image`: re-encoded and thumbnailed; `file`: any other attachment, stored as uploaded. */
    kind: text('kind').$type<MediaKind>().notNull().default('image'),
    /** Detected from the bytes: an image type, or for a file whatever its bytes announce. */
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    /** 0 for a file. */
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    /** A file's name as uploaded, made safe for display; null for an image. */
    fileName: text('file_name'),
    /** A file's SHA-256, hex; null for an image. */
    sha256: text('sha256'),
    /** Set on a voice message: its length in milliseconds. */
    durationMs: integer('duration_ms'),
    /** The storage adapter's handle (file path or Cloudinary public id), needed to delete it. */
    storageKey: text('storage_key').notNull(),
    url: text('url').notNull(),
    thumbnailUrl: text('thumbnail_url').notNull(),
    /**
     * null until the uploader puts it in a message or makes it their avatar; `preview` from the
     * start for the picture of a link preview.
     */
    usage: text('usage').$type<MediaUse>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    attachedAt: timestamp('attached_at', { withTimezone: true }),
  },
  (table) => [
    // The quota: what one person's uploads add up to.
    index('media_owner').on(table.ownerId),
    index('media_unused_by_age')
      .on(table.createdAt)
      .where(sql`${table.usage} is null`),
  ],
);

export type MediaRow = typeof media.$inferSelect;
