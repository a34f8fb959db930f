import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { UserDirectory, type BlockedUserView } from '@app/contracts';
import { badField } from '@app/http';
import { publicPart } from './chat.mapper';
import { BlocksRepository } from './persistence/blocks.repository';
import { PresenceService } from './presence.service';
import { RealtimePublisher } from './fanout/realtime-publisher';

/** Enough for anyone; it bounds the list and the one directory call that names them. */
export const MAX_BLOCKED_PEOPLE = 1000;

/**
 * Blocking people. What a block changes is enforced where those things happen: sends into the
 * direct chat and opening one, presence, being added to a group by the blocked person
 * (ChatsService), their mentions of the blocker (dropped as the message is stored), and the
 * blocker's typing and receipts, which skip the blocked person's sockets in every chat (those
 * sockets enter the blocker's `blockedByRoom` here). This service keeps the blocks.
 */
@Injectable()
export class BlocksService {
  constructor(
    private readonly blocks: BlocksRepository,
    private readonly directory: UserDirectory,
    private readonly presence: PresenceService,
    private readonly publisher: RealtimePublisher,
  ) {}

  /** Blocking someone already blocked changes nothing (the first date stays). */
  async block(userId: string, otherId: string): Promise<void> {
    if (otherId === userId) throw yourself();
    if (!(await this.directory.exists(otherId))) throw new NotFoundException('User not found');
    const blocked = await this.blocks.blockedIdsOf(userId);
    if (blocked.length >= MAX_BLOCKED_PEOPLE && !blocked.includes(otherId)) {
      throw new ConflictException(
        `You can block at most ${MAX_BLOCKED_PEOPLE} people: unblock someone first`,
      );
    }
    await this.blocks.block(userId, otherId);
    this.publisher.blockChanged(userId, otherId, true);
    await this.presence.blockChanged(userId, otherId, true);
  }

  /**
   * Unblocking someone not blocked changes nothing. The account is not looked up: someone whose
   * account is gone (listed with a null profile) can still be taken off the list.
   */
  async unblock(userId: string, otherId: string): Promise<void> {
    if (otherId === userId) throw yourself();
    await this.blocks.unblock(userId, otherId);
    this.publisher.blockChanged(userId, otherId, false);
    await this.presence.blockChanged(userId, otherId, false);
  }

  /** The people `userId` blocked, most recent first, with their profiles (one directory call). */
  async list(userId: string): Promise<BlockedUserView[]> {
    const records = await this.blocks.listBlockedBy(userId);
    if (records.length === 0) return [];
    const profiles = await this.directory.getMany(records.map((r) => r.blockedId));
    const byId = new Map(profiles.map((profile) => [profile.id, profile]));
    return records.map((r) => ({
      userId: r.blockedId,
      blockedAt: r.blockedAt.toISOString(),
      profile: publicPart(byId.get(r.blockedId)),
    }));
  }
}

const yourself = () => badField('id', 'You cannot block yourself');
