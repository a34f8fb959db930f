import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ImageMimeType } from '@app/contracts';
import type { MediaUse } from '../media.repository';

export const media = pgTable(
  'media',
  {
    id: uuid('id').primaryKey(),
    // No foreign key to users: the users domain owns its table and may live in another database.
    ownerId: uuid('owner_id').notNull(),
    mimeType: text('mime_type').$type<ImageMimeType>().notNull(),
    size: integer('size').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
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
    index('media_unused_by_age')
      .on(table.createdAt)
      .where(sql`${table.usage} is null`),
  ],
);

export type MediaRow = typeof media.$inferSelect;
