import type { ClientSession, Collection, Connection, Model } from 'mongoose';
import { modelWithIndexes } from '@app/database';
import {
  BlockPairSchema,
  blockId,
  UserBlockSchema,
  type BlockPairDocument,
  type UserBlockDocument,
} from './block.schema';
import {
  BlocksRepository,
  type BlockPair,
  type BlockRecord,
  type BlocksBetween,
} from '../blocks.repository';
import { directKeyOf } from '../direct-key';

/**
 * The fields of a chat document this repository reads and writes. Written through the collection
 * rather than the `Chat` model: the flag is the only field touched, and the chat schema's other
 * rules (its required fields) have no say in it.
 */
interface ChatFlagFields {
  _id: string;
  directKey?: string;
  blocked?: boolean;
}

interface BlockModels {
  connection: Connection;
  blocks: Model<UserBlockDocument>;
  pairs: Model<BlockPairDocument>;
  chats: Collection<ChatFlagFields>;
}

/**
 * Whether either of the pair blocks the other, inside `session`'s transaction, after claiming the
 * pair's document (so a concurrent block or unblock of the pair conflicts with this transaction):
 * what a direct chat being created in it must start with as its `blocked` flag.
 */
export async function claimedPairIsBlocked(
  connection: Connection,
  userA: string,
  userB: string,
  session: ClientSession,
): Promise<boolean> {
  await connection
    .collection<BlockPairDocument>('user_block_pairs')
    .updateOne(
      { _id: directKeyOf(userA, userB) },
      { $inc: { changes: 1 } },
      { upsert: true, session },
    );
  const found = await connection
    .collection<UserBlockDocument>('user_blocks')
    .findOne({ _id: { $in: [blockId(userA, userB), blockId(userB, userA)] } }, { session });
  return found !== null;
}

/**
 * `BlocksRepository` over Mongoose. A block and its direct chat's `blocked` flag change in one
 * multi-document transaction, which starts by incrementing the pair's `user_block_pairs` document:
 * transactions on one pair so conflict there, the later one runs again, and an unblock that reads
 * "the other person does not block me" cannot commit beside a block that says otherwise.
 */
export class MongoBlocksRepository extends BlocksRepository {
  private constructor(private readonly models: BlockModels) {
    super();
  }

  static async create(connection: Connection): Promise<MongoBlocksRepository> {
    return new MongoBlocksRepository({
      connection,
      blocks: await modelWithIndexes(connection, 'UserBlock', UserBlockSchema),
      pairs: await modelWithIndexes(connection, 'UserBlockPair', BlockPairSchema),
      chats: connection.collection<ChatFlagFields>('chats'),
    });
  }

  async block(blockerId: string, blockedId: string): Promise<void> {
    const directKey = directKeyOf(blockerId, blockedId);
    await this.models.connection.transaction(async (session) => {
      await this.claimPair(directKey, session);
      await this.models.blocks.updateOne(
        { _id: blockId(blockerId, blockedId) },
        // Only on insert: blocking again keeps the first date.
        { $setOnInsert: { blockerId, blockedId, createdAt: new Date() } },
        { upsert: true, session },
      );
      await this.models.chats.updateOne({ directKey }, { $set: { blocked: true } }, { session });
    });
  }

  async unblock(blockerId: string, blockedId: string): Promise<void> {
    const directKey = directKeyOf(blockerId, blockedId);
    await this.models.connection.transaction(async (session) => {
      await this.claimPair(directKey, session);
      await this.models.blocks.deleteOne({ _id: blockId(blockerId, blockedId) }, { session });
      const reverse = await this.models.blocks
        .exists({ _id: blockId(blockedId, blockerId) })
        .session(session);
      await this.models.chats.updateOne(
        { directKey },
        { $set: { blocked: reverse !== null } },
        { session },
      );
    });
  }

  async listBlockedBy(blockerId: string): Promise<BlockRecord[]> {
    const docs = await this.models.blocks
      .find({ blockerId })
      .sort({ createdAt: -1, blockedId: 1 })
      .lean();
    return docs.map((doc) => ({
      blockerId: doc.blockerId,
      blockedId: doc.blockedId,
      blockedAt: doc.createdAt,
    }));
  }

  async between(userId: string, otherId: string): Promise<BlocksBetween> {
    const docs = await this.models.blocks
      .find({ _id: { $in: [blockId(userId, otherId), blockId(otherId, userId)] } })
      .select({ blockerId: 1 })
      .lean();
    return {
      iBlocked: docs.some((doc) => doc.blockerId === userId),
      theyBlocked: docs.some((doc) => doc.blockerId === otherId),
    };
  }

  async blockedIdsOf(blockerId: string): Promise<string[]> {
    const docs = await this.models.blocks.find({ blockerId }).select({ blockedId: 1 }).lean();
    return docs.map((doc) => doc.blockedId);
  }

  async blockerIdsOf(blockedId: string): Promise<string[]> {
    const docs = await this.models.blocks.find({ blockedId }).select({ blockerId: 1 }).lean();
    return docs.map((doc) => doc.blockerId);
  }

  async blocksAmong(userIds: readonly string[]): Promise<BlockPair[]> {
    const ids = [...new Set(userIds)];
    if (ids.length < 2) return [];
    const docs = await this.models.blocks
      .find({ blockerId: { $in: ids }, blockedId: { $in: ids } })
      .select({ blockerId: 1, blockedId: 1 })
      .lean();
    return docs.map(({ blockerId, blockedId }) => ({ blockerId, blockedId }));
  }

  async blockersAmong(userId: string, candidateIds: readonly string[]): Promise<string[]> {
    if (candidateIds.length === 0) return [];
    const docs = await this.models.blocks
      .find({ blockedId: userId, blockerId: { $in: [...new Set(candidateIds)] } })
      .select({ blockerId: 1 })
      .lean();
    return docs.map((doc) => doc.blockerId);
  }

  /** The first write of every block change: see `BlockPairDocument`. */
  private async claimPair(directKey: string, session: ClientSession): Promise<void> {
    await this.models.pairs.updateOne(
      { _id: directKey },
      { $inc: { changes: 1 } },
      { upsert: true, session },
    );
  }
}
