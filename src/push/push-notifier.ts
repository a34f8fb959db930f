import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PushNotifications, type AlertRecipient, type MessageAlert } from '@app/contracts';
import { PushBacklogRepository } from './persistence/push-backlog.repository';
import { PushSubscriptionsRepository } from './persistence/push-subscriptions.repository';
import { PushQueue } from './push-job';

/** How long "nobody has push" is believed before asking the store again. */
const NOBODY_CACHE_MS = 1_000;

/**
 * Chat's way in (the `PushNotifications` port). A message is noted as pending for each recipient
 * with a device, and one `collect` job per person and chat is scheduled at the end of the current
 * collapse window: everything that arrives in the window becomes one notification.
 */
@Injectable()
export class PushNotifier extends PushNotifications {
  private readonly collapseMs: number;
  private nobodyUntil = 0;

  constructor(
    private readonly backlog: PushBacklogRepository,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly queue: PushQueue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.collapseMs = Math.max(1, config.push.collapseMs);
  }

  async messageStored(alert: MessageAlert, recipients: readonly AlertRecipient[]): Promise<void> {
    if (recipients.length === 0) return;
    await this.backlog.noteMessage(alert);
    const now = Date.now();
    const window = Math.floor(now / this.collapseMs);
    const delayMs = (window + 1) * this.collapseMs - now;
    for (const { userId, mention } of recipients) {
      await this.backlog.addPending(userId, alert.chatId, {
        messageId: alert.messageId,
        seq: alert.seq,
        mention,
      });
      await this.queue.add(
        { kind: 'collect', userId, chatId: alert.chatId },
        { jobId: `collect.${userId}.${alert.chatId}.${window}`, delayMs },
      );
    }
  }

  async messageDeleted(chatId: string, messageId: string): Promise<void> {
    await this.backlog.markDeleted(messageId);
    for (const userId of await this.backlog.showingTo(chatId, messageId)) {
      await this.queue.add(
        { kind: 'retract', userId, chatId, messageId },
        { jobId: `retract.${userId}.${messageId}`, delayMs: 0 },
      );
    }
  }

  seen(userId: string): Promise<void> {
    return this.backlog.seen(userId);
  }

  reachable(userId: string): Promise<boolean> {
    return this.subscriptions.hasAny(userId);
  }

  /** While nobody has a subscription (a bench, a fresh install), one read a second at most. */
  async anyoneReachable(): Promise<boolean> {
    if (Date.now() < this.nobodyUntil) return false;
    if (await this.subscriptions.anyoneEverHad()) return true;
    this.nobodyUntil = Date.now() + NOBODY_CACHE_MS;
    return false;
  }

  /** A device was registered in this process: believe it at once. */
  somebodySubscribed(): void {
    this.nobodyUntil = 0;
  }

  async reachableAmong(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const has = await Promise.all(userIds.map((userId) => this.subscriptions.hasAny(userId)));
    return userIds.filter((_, i) => has[i]);
  }
}
