import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MailQueue, PushNotifications } from '@app/contracts';
import { KeyValueStore } from '@app/kv';
import { MessagesRepository } from '../persistence/messages.repository';

const PENDING = 'unread-reminder:pending';
const dueKey = (userId: string) => `unread-reminder:due:${userId}`;
const sentKey = (userId: string) => `unread-reminder:sent:${userId}`;

interface Due {
  since: string;
  dueAt: number;
}

/**
 * "You have unread messages": when someone's last connection closes, a reminder is due after
 * UNREAD_REMINDER_AFTER; coming back online cancels it. When due, it is e-mailed (through the
 * MailQueue port) only if messages arrived since they left, at most once per that period, and
 * only to people with no device that takes push (push told them already).
 * State lives in the key-value store, so any instance can send it, and only one does.
 */
@Injectable()
export class UnreadReminders implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('UnreadReminders');
  private readonly afterMs: number;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly messages: MessagesRepository,
    private readonly mail: MailQueue,
    private readonly push: PushNotifications,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.afterMs = config.chat.unreadReminderAfterMs;
  }

  onModuleInit(): void {
    const every = Math.min(15_000, Math.max(100, this.afterMs / 4));
    this.timer = setInterval(() => void this.sendDue(), every).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async wentOffline(userId: string, at: Date): Promise<void> {
    const due: Due = { since: at.toISOString(), dueAt: at.getTime() + this.afterMs };
    await this.kv.set(dueKey(userId), JSON.stringify(due), this.afterMs * 2);
    await this.kv.setAdd(PENDING, [userId]);
  }

  /**
   * Someone offline was mentioned: their reminder is due now rather than after the usual delay,
   * counting from when they left (or from the mention, when that reminder already went). Still
   * at most one per person per period.
   */
  async dueNow(userId: string, mentionedAt: Date): Promise<void> {
    const raw = await this.kv.get(dueKey(userId));
    const since = raw
      ? (JSON.parse(raw) as Due).since
      : new Date(mentionedAt.getTime() - 1).toISOString();
    const due: Due = { since, dueAt: Date.now() };
    await this.kv.set(dueKey(userId), JSON.stringify(due), this.afterMs * 2);
    await this.kv.setAdd(PENDING, [userId]);
    // Now, rather than at the next round, which may be seconds away; this person only.
    await this.sendIfDue(userId, Date.now());
  }

  async cameOnline(userId: string): Promise<void> {
    await this.kv.setRemove(PENDING, [userId]);
    await this.kv.delete(dueKey(userId));
  }

  /** Sends every reminder that is due; safe to run on every instance at once. */
  async sendDue(now = Date.now()): Promise<void> {
    try {
      for (const userId of await this.kv.setMembers(PENDING)) await this.sendIfDue(userId, now);
    } catch (error) {
      this.logger.warn({ err: error }, 'Unread reminders skipped this round; the next one retries');
    }
  }

  private async sendIfDue(userId: string, now: number): Promise<void> {
    const raw = await this.kv.get(dueKey(userId));
    const due = raw ? (JSON.parse(raw) as Due) : undefined;
    if (due && due.dueAt > now) return;
    // Removing the user from the set is the claim: exactly one instance gets 1.
    if ((await this.kv.setRemove(PENDING, [userId])) === 0 || !due) return;
    await this.kv.delete(dueKey(userId));
    await this.remind(userId, due);
  }

  private async remind(userId: string, due: Due): Promise<void> {
    // Someone with a device that takes push heard about each message already: no e-mail too.
    if (await this.push.reachable(userId)) return;
    const unread = await this.messages.unreadSince(userId, new Date(due.since));
    if (unread.messages === 0) return;
    if (!(await this.kv.setIfAbsent(sentKey(userId), due.since, this.afterMs))) return;
    await this.mail.enqueueUnreadNotification({
      idempotencyKey: `${userId}-${due.dueAt}`,
      userId,
      unreadMessages: unread.messages,
      chats: unread.chats,
    });
  }
}
