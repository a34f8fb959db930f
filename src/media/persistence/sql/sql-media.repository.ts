import { and, asc, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Database } from '@app/database';
import {
  MediaRepository,
  type MediaKind,
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

  async attach(
    id: string,
    ownerId: string,
    usage: MediaUse,
    onlyKind?: MediaKind,
  ): Promise<MediaRecord | null> {
    const [row] = await this.db
      .update(media)
      .set({ usage, attachedAt: new Date() })
      .where(
        and(
          eq(media.id, id),
          eq(media.ownerId, ownerId),
          isNull(media.usage),
          onlyKind && eq(media.kind, onlyKind),
        ),
      )
      .returning();
    return row ?? null;
  }

  async usedBytes(ownerId: string): Promise<number> {
    const [row] = await this.db
      .select({ total: sql<string | null>`sum(${media.size})` })
      .from(media)
      .where(and(eq(media.ownerId, ownerId), or(isNull(media.usage), ne(media.usage, 'preview'))));
    return Number(row?.total ?? 0);
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
    // Picked first, then deleted: as a subquery of the delete, PostgreSQL may run the limited
    // pick once per row and delete more than `limit` (it did, once the quota's index existed).
    return this.db.transaction(async (tx) => {
      const oldest = await tx
        .select({ id: media.id })
        .from(media)
        .where(and(isNull(media.usage), lt(media.createdAt, createdBefore)))
        .orderBy(asc(media.createdAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (oldest.length === 0) return [];
      return tx
        .delete(media)
        .where(
          and(
            inArray(
              media.id,
              oldest.map(({ id }) => id),
            ),
            isNull(media.usage),
          ),
        )
        .returning();
    });
  }
}
