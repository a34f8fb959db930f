/** One block: `blockerId` blocked `blockedId` at `blockedAt`. */
export interface BlockRecord {
  blockerId: string;
  blockedId: string;
  blockedAt: Date;
}

export type BlockPair = Pick<BlockRecord, 'blockerId' | 'blockedId'>;

/** Whether either of two people blocked the other. */
export interface BlocksBetween {
  /** `userId` blocked the other person. */
  iBlocked: boolean;
  /** The other person blocked `userId`. */
  theyBlocked: boolean;
}

/**
 * Who blocked whom. A block is kept by chat because everything it changes is chat's: their direct
 * chat refuses sends (its `blocked` flag, written in the same transaction as the block, so the send
 * statement needs no extra lookup), and presence is hidden. Every adapter passes
 * `test/contracts/chat/blocks.repository.contract.ts`.
 */
export abstract class BlocksRepository {
  /**
   * Records the block (again: no change, the first date stays) and flags their direct chat, if
   * any, as blocked, atomically.
   */
  abstract block(blockerId: string, blockedId: string): Promise<void>;

  /**
   * Removes the block (none: no change); their direct chat stays blocked only while the other
   * person still blocks this one. Atomic, like `block`.
   */
  abstract unblock(blockerId: string, blockedId: string): Promise<void>;

  /** The people `blockerId` blocked, most recent first. */
  abstract listBlockedBy(blockerId: string): Promise<BlockRecord[]>;

  abstract between(userId: string, otherId: string): Promise<BlocksBetween>;

  /** Ids of everyone `blockerId` blocked (for hiding their presence from them). */
  abstract blockedIdsOf(blockerId: string): Promise<string[]>;

  /**
   * Ids of everyone who blocked `blockedId`: the rooms their connections join, which the blockers'
   * typing and receipts skip.
   */
  abstract blockerIdsOf(blockedId: string): Promise<string[]>;

  /** Those of `candidateIds` who blocked `userId`. */
  abstract blockersAmong(userId: string, candidateIds: readonly string[]): Promise<string[]>;

  /** Every block between two of `userIds` (a chat's members), each once. */
  abstract blocksAmong(userIds: readonly string[]): Promise<BlockPair[]>;
}
