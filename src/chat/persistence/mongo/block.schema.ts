import { Schema } from 'mongoose';

/** One block; `_id` is `<blockerId>:<blockedId>`, so blocking again finds the first block. */
export interface UserBlockDocument {
  _id: string;
  blockerId: string;
  blockedId: string;
  createdAt: Date;
}

/**
 * One per pair that ever had a block change, `_id` the pair's direct key. Every block and unblock
 * of the pair increments `changes` first: a write that always modifies the document, so two
 * transactions on one pair conflict there and run one after the other. The chat's `blocked` flag
 * cannot serve for this: setting it to the value it already has writes nothing, and conflicts with
 * nothing (see `MongoBlocksRepository`).
 */
export interface BlockPairDocument {
  _id: string;
  changes: number;
}

export const blockId = (blockerId: string, blockedId: string): string =>
  `${blockerId}:${blockedId}`;

const required = <T>(type: T) => ({ type, required: true }) as const;

export const UserBlockSchema = new Schema<UserBlockDocument>(
  {
    _id: required(String),
    blockerId: required(String),
    blockedId: required(String),
    createdAt: required(Date),
  },
  { collection: 'user_blocks', versionKey: false },
);
// Someone's blocks, newest first (the id breaks ties, as in SQL).
UserBlockSchema.index(
  { blockerId: 1, createdAt: -1, blockedId: 1 },
  { name: 'user_blocks_blocker_recent' },
);
// Who blocked this person (presence), like the SQL index on blocked_id.
UserBlockSchema.index({ blockedId: 1, blockerId: 1 }, { name: 'user_blocks_blocked_id' });

export const BlockPairSchema = new Schema<BlockPairDocument>(
  { _id: required(String), changes: required(Number) },
  { collection: 'user_block_pairs', versionKey: false },
);
