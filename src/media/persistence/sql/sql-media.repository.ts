import { and, asc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Database } from '@app/database';
import {
  MediaRepository,
  type MediaRecord,
  type NewMedia,
  type MediaUse,
} from '../media.repository';
import { media } from './media.table';

/** `MediaRepository` over Drizzle: the same queries on PGlite and PostgreSQL. */
export class SqlMediaRepository extends MediaRepository {
  constructor(private readonly db: Database) {
    super();
  }

  async create(record: NewMedia): Promise<MediaRecord> {
    const [row] = await this.db
      .insert(media)
      .values({ ...record, createdAt: new Date() })
      .returning();
    return row;
  }

  async findById(id: string): Promise<MediaRecord | null> {
    const [row] = await this.db.select().from(media).where(eq(media.id, id)).limit(1);
    return row ?? null;
  }

  async attach(id: string, ownerId: string, usage: MediaUse): Promise<MediaRecord | null> {
    const [row] = await this.db
      .update(media)
      .set({ usage, attachedAt: new Date() })
      .where(and(eq(media.id, id), eq(media.ownerId, ownerId), isNull(media.usage)))
      .returning();
    return row ?? null;
  }

  async deleteUnused(id: string, ownerId: string): Promise<MediaRecord | null> {
    const [row] = await this.db
      .delete(media)
      .where(and(eq(media.id, id), eq(media.ownerId, ownerId), isNull(media.usage)))
      .returning();
    return row ?? null;
  }

  async deleteUsed(id: string, usage: MediaUse): Promise<MediaRecord | null> {
    const [row] = await this.db
      .delete(media)
      .where(and(eq(media.id, id), eq(media.usage, usage)))
      .returning();
    return row ?? null;
  }

  async deleteAbandoned(createdBefore: Date, limit: number): Promise<MediaRecord[]> {
    const oldest = this.db
      .select({ id: media.id })
      .from(media)
      .where(and(isNull(media.usage), lt(media.createdAt, createdBefore)))
      .orderBy(asc(media.createdAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    return this.db
      .delete(media)
      .where(and(inArray(media.id, oldest), isNull(media.usage)))
      .returning();
  }
}
