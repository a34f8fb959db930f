import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '@app/database';
import {
  BlocksRepository,
  type BlockPair,
  type BlockRecord,
  type BlocksBetween,
} from '../blocks.repository';
import { chats, userBlocks } from './chats.table';
import { directKeyOf } from '../direct-key';

/**
 * Makes the block changes of one pair, in this transaction, wait for those of other transactions
 * (a transaction-scoped advisory lock on the pair's direct key). Without it, A blocking B while B
 * unblocks A could clear the chat's flag: B's unblock would read "A does not block me" from before
 * A's block committed, and A's block would set a flag that was already set. Anything else that
 * decides the flag (creating the pair's chat, say) can take the same lock.
 */
export async function lockBlockPair(tx: Database, userA: string, userB: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${directKeyOf(userA, userB)}, 0))`,
  );
}

/**
 * Whether either of the pair blocks the other, after taking the pair's lock: what a direct chat
 * being created in this transaction must start with as its `blocked` flag.
 */
export async function lockedPairIsBlocked(
  tx: Database,
  userA: string,
  userB: string,
): Promise<boolean> {
  await lockBlockPair(tx, userA, userB);
  const [found] = await tx
    .select({ one: sql`1` })
    .from(userBlocks)
    .where(
      or(
        and(eq(userBlocks.blockerId, userA), eq(userBlocks.blockedId, userB)),
        and(eq(userBlocks.blockerId, userB), eq(userBlocks.blockedId, userA)),
      ),
    )
    .limit(1);
  return found !== undefined;
}

/** `BlocksRepository` over Drizzle: the same statements on PGlite and PostgreSQL. */
export class SqlBlocksRepository extends BlocksRepository {
  constructor(private readonly db: Database) {
    super();
  }

  async block(blockerId: string, blockedId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockBlockPair(tx, blockerId, blockedId);
      await tx
        .insert(userBlocks)
        // From JS, at millisecond precision, like the chat dates (see chats.table.ts).
        .values({ blockerId, blockedId, createdAt: new Date() })
        .onConflictDoNothing();
      await tx
        .update(chats)
        .set({ blocked: true })
        .where(eq(chats.directKey, directKeyOf(blockerId, blockedId)));
    });
  }

  async unblock(blockerId: string, blockedId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Before the statements below, which so see every committed change of the pair.
      await lockBlockPair(tx, blockerId, blockedId);
      await tx
        .delete(userBlocks)
        .where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId)));
      const reverse = tx
        .select({ one: sql`1` })
        .from(userBlocks)
        .where(and(eq(userBlocks.blockerId, blockedId), eq(userBlocks.blockedId, blockerId)));
      await tx
        .update(chats)
        .set({ blocked: sql`exists (${reverse})` })
        .where(eq(chats.directKey, directKeyOf(blockerId, blockedId)));
    });
  }

  async listBlockedBy(blockerId: string): Promise<BlockRecord[]> {
    return (
      this.db
        .select({
          blockerId: userBlocks.blockerId,
          blockedId: userBlocks.blockedId,
          blockedAt: userBlocks.createdAt,
        })
        .from(userBlocks)
        .where(eq(userBlocks.blockerId, blockerId))
        // The id breaks ties between blocks of one millisecond, so the order never changes.
        .orderBy(desc(userBlocks.createdAt), asc(userBlocks.blockedId))
    );
  }

  async between(userId: string, otherId: string): Promise<BlocksBetween> {
    const rows = await this.db
      .select({ blockerId: userBlocks.blockerId })
      .from(userBlocks)
      .where(
        or(
          and(eq(userBlocks.blockerId, userId), eq(userBlocks.blockedId, otherId)),
          and(eq(userBlocks.blockerId, otherId), eq(userBlocks.blockedId, userId)),
        ),
      );
    return {
      iBlocked: rows.some((r) => r.blockerId === userId),
      theyBlocked: rows.some((r) => r.blockerId === otherId),
    };
  }

  async blockedIdsOf(blockerId: string): Promise<string[]> {
    const rows = await this.db
      .select({ blockedId: userBlocks.blockedId })
      .from(userBlocks)
      .where(eq(userBlocks.blockerId, blockerId));
    return rows.map((r) => r.blockedId);
  }

  async blockerIdsOf(blockedId: string): Promise<string[]> {
    const rows = await this.db
      .select({ blockerId: userBlocks.blockerId })
      .from(userBlocks)
      .where(eq(userBlocks.blockedId, blockedId));
    return rows.map((r) => r.blockerId);
  }

  async blockersAmong(userId: string, candidateIds: readonly string[]): Promise<string[]> {
    if (candidateIds.length === 0) return [];
    const rows = await this.db
      .select({ blockerId: userBlocks.blockerId })
      .from(userBlocks)
      .where(
        and(
          eq(userBlocks.blockedId, userId),
          inArray(userBlocks.blockerId, [...new Set(candidateIds)]),
        ),
      );
    return rows.map((r) => r.blockerId);
  }

  async blocksAmong(userIds: readonly string[]): Promise<BlockPair[]> {
    const ids = [...new Set(userIds)];
    if (ids.length < 2) return [];
    return this.db
      .select({ blockerId: userBlocks.blockerId, blockedId: userBlocks.blockedId })
      .from(userBlocks)
      .where(and(inArray(userBlocks.blockerId, ids), inArray(userBlocks.blockedId, ids)));
  }
}
