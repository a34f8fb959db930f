import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UserDirectory, type PresenceState } from '@app/contracts';
import { KeyValueStore } from '@app/kv';
import { BlocksRepository } from './persistence/blocks.repository';
import { ChatsRepository } from './persistence/chats.repository';
import { RealtimePublisher } from './fanout/realtime-publisher';
import { UnreadReminders } from './reminders/unread-reminders';

const INSTANCES = 'presence:instances';
const instanceKey = (instanceId: string) => `presence:instance:${instanceId}`;
const instanceUsersKey = (instanceId: string) => `presence:instance-users:${instanceId}`;
const connectionsKey = (userId: string) => `presence:connections:${userId}`;

/**
 * Online means at least one connection on any live instance. Each connection is recorded as
 * `<instance>|<socket>` under its user; each instance keeps a heartbeat key with a TTL. When an
 * instance dies without cleaning up, its heartbeat expires, its connections stop counting, and
 * the first surviving instance to notice marks its users offline: no ghosts.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Presence');
  private readonly instanceId = randomUUID();
  private readonly ttlMs: number;
  private timer?: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly chats: ChatsRepository,
    private readonly directory: UserDirectory,
    private readonly publisher: RealtimePublisher,
    private readonly reminders: UnreadReminders,
    private readonly blocks: BlocksRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.chat.presenceTtlMs;
  }

  async onModuleInit(): Promise<void> {
    await this.heartbeat();
    await this.kv.setAdd(INSTANCES, [this.instanceId]);
    this.timer = setInterval(() => void this.tick(), Math.max(250, this.ttlMs / 3)).unref();
  }

  /**
   * Stops the heartbeat: this instance's connections stop counting at once, and the other instances
   * announce its users as offline. The disconnects of the shutdown itself are then ignored.
   */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.degradeQuietly(() => this.kv.delete(instanceKey(this.instanceId)));
  }

  /** `chatIds`: the user's chats, told to whoever is in them when the user was offline until now. */
  async connected(userId: string, socketId: string, chatIds: readonly string[]): Promise<void> {
    if (this.closing) return;
    await this.degradeQuietly(async () => {
      const wasOnline = await this.isOnline(userId);
      await this.kv.setAdd(connectionsKey(userId), [this.connection(socketId)]);
      await this.kv.setAdd(instanceUsersKey(this.instanceId), [userId]);
      if (!wasOnline) {
        await this.reminders.cameOnline(userId);
        await this.announce(userId, chatIds, { userId, online: true, lastSeenAt: null });
      }
    });
  }

  async disconnected(userId: string, socketId: string): Promise<void> {
    if (this.closing) return;
    await this.degradeQuietly(async () => {
      await this.kv.setRemove(connectionsKey(userId), [this.connection(socketId)]);
      if (!(await this.isOnline(userId))) await this.wentOffline(userId);
    });
  }

  /**
   * Presence of those of `userIds` who share a chat with the caller and have not blocked them;
   * nobody else is included.
   */
  async states(callerId: string, userIds: readonly string[]): Promise<PresenceState[]> {
    const sharing = await this.chats.usersSharingAChatWith(callerId, [...new Set(userIds)]);
    const blockers = new Set(await this.blocks.blockersAmong(callerId, sharing));
    const unique = sharing.filter((id) => !blockers.has(id));
    const profiles = new Map((await this.directory.getMany(unique)).map((p) => [p.id, p]));
    const known = unique.filter((id) => profiles.has(id));
    const online = await Promise.all(known.map((id) => this.isOnline(id)));
    return known.map((userId, i) => ({
      userId,
      online: online[i],
      lastSeenAt: profiles.get(userId)?.lastSeenAt ?? null,
    }));
  }

  /**
   * After `blockerId` blocked or unblocked `blockedId`: the blocked person's open screens show the
   * blocker offline (no last-seen time), or again as they are.
   */
  async blockChanged(blockerId: string, blockedId: string, blocked: boolean): Promise<void> {
    await this.degradeQuietly(async () => {
      const [state] = blocked
        ? [{ userId: blockerId, online: false, lastSeenAt: null }]
        : await this.states(blockedId, [blockerId]);
      if (state) this.publisher.presenceTo(blockedId, state);
    });
  }

  async isOnline(userId: string): Promise<boolean> {
    const connections = await this.kv.setMembers(connectionsKey(userId));
    const alive = new Map<string, boolean>();
    for (const connection of connections) {
      const instanceId = connection.split('|')[0];
      if (!alive.has(instanceId)) alive.set(instanceId, await this.isAlive(instanceId));
      if (alive.get(instanceId)) return true;
    }
    return false;
  }

  private async tick(): Promise<void> {
    await this.degradeQuietly(async () => {
      await this.heartbeat();
      for (const instanceId of await this.kv.setMembers(INSTANCES)) {
        if (instanceId !== this.instanceId && !(await this.isAlive(instanceId)))
          await this.reap(instanceId);
      }
    });
  }

  /** Cleans up after a dead instance; only one survivor does it. */
  private async reap(instanceId: string): Promise<void> {
    if (!(await this.kv.setIfAbsent(`presence:reaping:${instanceId}`, this.instanceId, this.ttlMs)))
      return;
    for (const userId of await this.kv.setMembers(instanceUsersKey(instanceId))) {
      const stale = (await this.kv.setMembers(connectionsKey(userId))).filter((c) =>
        c.startsWith(`${instanceId}|`),
      );
      if (stale.length > 0) await this.kv.setRemove(connectionsKey(userId), stale);
      if (!(await this.isOnline(userId))) await this.wentOffline(userId);
    }
    await this.kv.delete(instanceUsersKey(instanceId));
    await this.kv.setRemove(INSTANCES, [instanceId]);
    this.logger.warn(
      `Instance ${instanceId} stopped heartbeating; its users' presence was cleaned up`,
    );
  }

  private async wentOffline(userId: string): Promise<void> {
    const at = new Date();
    await this.directory.recordLastSeen(userId, at);
    await this.reminders.wentOffline(userId, at);
    await this.announce(userId, await this.chats.chatIdsOfUser(userId), {
      userId,
      online: false,
      lastSeenAt: at.toISOString(),
    });
  }

  /** To the people sharing a chat with `userId`, except those `userId` blocked. */
  private async announce(
    userId: string,
    chatIds: readonly string[],
    state: PresenceState,
  ): Promise<void> {
    this.publisher.presence(chatIds, state, await this.blocks.blockedIdsOf(userId));
  }

  private heartbeat(): Promise<void> {
    return this.kv.set(instanceKey(this.instanceId), String(Date.now()), this.ttlMs);
  }

  private async isAlive(instanceId: string): Promise<boolean> {
    return instanceId === this.instanceId || (await this.kv.get(instanceKey(instanceId))) !== null;
  }

  /** A connection as stored: `<instance>|<socket>`, so that a dead instance's ones stop counting. */
  connection(socketId: string): string {
    return `${this.instanceId}|${socketId}`;
  }

  /** Whether the instance that holds this stored connection still heartbeats. */
  isLiveConnection(connection: string): Promise<boolean> {
    return this.isAlive(connection.split('|')[0]);
  }

  /** Presence is best effort: with the key-value store down, chat keeps working without it. */
  private async degradeQuietly(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Presence update failed; it recovers with the key-value store',
      );
    }
  }
}
