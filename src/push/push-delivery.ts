import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SessionStore } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { pushTagOf, type MessageAlert, type PushPayload } from '@app/contracts';
import { PushBacklogRepository, type PendingAlert } from './persistence/push-backlog.repository';
import { PushSettingsRepository } from './persistence/push-settings.repository';
import { PushSubscriptionsRepository } from './persistence/push-subscriptions.repository';
import { PushCounters } from './push-counters';
import { PushQueue, type PushJob, type PushUrgency } from './push-job';
import { PushSender } from './push-sender';

/** What a notification says when the person hides message texts. */
export const HIDDEN_TEXT = 'New message';
/** Longest text a notification carries. */
const BODY_CHARS = 140;

/**
 * Runs push jobs, wherever the queue keeps them. `collect` builds one chat's notification for one
 * person from what is pending (a burst becomes one, with a count), leaving out what was deleted
 * meanwhile, and queues one `deliver` per device of a live session; `deliver` sends it and prunes
 * a device its push service says is gone.
 */
@Injectable()
export class PushDelivery {
  private readonly logger = new Logger('Push');
  private readonly ttlSec: number;

  constructor(
    private readonly backlog: PushBacklogRepository,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly settings: PushSettingsRepository,
    private readonly sessions: SessionStore,
    private readonly sender: PushSender,
    private readonly queue: PushQueue,
    private readonly counters: PushCounters,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlSec = config.push.ttlSec;
  }

  async run(job: PushJob): Promise<void> {
    switch (job.kind) {
      case 'collect':
        return this.collect(job.userId, job.chatId);
      case 'retract':
        return this.retract(job.userId, job.chatId, job.messageId);
      case 'deliver':
        return this.deliver(job.subscriptionId, job.payload, job.urgency, job.topic);
    }
  }

  private async collect(userId: string, chatId: string): Promise<void> {
    const live: { pending: PendingAlert; alert: MessageAlert }[] = [];
    for (const pending of await this.backlog.claimPending(userId, chatId)) {
      const alert = await this.backlog.message(pending.messageId);
      if (alert && !(await this.backlog.isDeleted(pending.messageId)))
        live.push({ pending, alert });
    }
    const newest = live.at(-1);
    if (!newest) return;
    const { inChat, total } = await this.backlog.countUnseen(
      userId,
      chatId,
      live.map(({ alert }) => alert.messageId),
    );
    const mention = live.some(({ pending }) => pending.mention);
    const { showText } = await this.settings.get(userId);
    const payload: PushPayload = {
      type: 'message',
      chatId,
      seq: newest.alert.seq,
      title: newest.alert.title,
      body: bodyOf(showText ? newest.alert.text : HIDDEN_TEXT, inChat, showText),
      count: inChat,
      tag: pushTagOf(chatId),
      mention,
      unreadTotal: total,
    };
    await this.backlog.markShown(userId, chatId, newest.alert.messageId);
    await this.fanOut(userId, payload, newest.alert.direct || mention ? 'high' : 'normal');
  }

  /** The message the chat's notification shows was deleted: the notification is taken down. */
  private async retract(userId: string, chatId: string, messageId: string): Promise<void> {
    const { total } = await this.backlog.uncount(userId, chatId, messageId);
    const payload: PushPayload = {
      type: 'retract',
      chatId,
      tag: pushTagOf(chatId),
      unreadTotal: total,
    };
    await this.fanOut(userId, payload, 'normal');
  }

  /** One `deliver` job per device whose session still lives; the others are removed now. */
  private async fanOut(userId: string, payload: PushPayload, urgency: PushUrgency): Promise<void> {
    for (const subscription of await this.subscriptions.listOfUser(userId)) {
      if ((await this.sessions.userOf(subscription.sessionId)) !== userId) {
        await this.subscriptions.remove(subscription);
        this.counters.pruned.inc({ reason: 'session_ended' });
        continue;
      }
      await this.queue.add(
        { kind: 'deliver', subscriptionId: subscription.id, payload, urgency, topic: payload.tag },
        { jobId: `deliver.${randomUUID()}`, delayMs: 0 },
      );
    }
  }

  private async deliver(
    subscriptionId: string,
    payload: PushPayload,
    urgency: PushUrgency,
    topic: string,
  ): Promise<void> {
    const subscription = await this.subscriptions.get(subscriptionId);
    if (!subscription) return; // removed meanwhile (signed out, pruned): nothing to do
    const outcome = await this.sender.send(subscription, payload, {
      urgency,
      topic,
      ttlSec: this.ttlSec,
    });
    if (outcome === 'delivered') {
      this.counters.sent.inc();
    } else if (outcome === 'gone') {
      await this.subscriptions.remove(subscription);
      this.counters.pruned.inc({ reason: 'gone' });
    } else {
      this.counters.failed.inc({ reason: 'refused' });
      this.logger.warn({ subscriptionId }, 'A push service refused a notification; not retried');
    }
  }
}

/** "Hi there", or for a burst "Hi there (+2 more)"; hidden texts say only how many. */
function bodyOf(text: string, count: number, showText: boolean): string {
  if (!showText) return count > 1 ? `${count} new messages` : HIDDEN_TEXT;
  const short = text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS)}…` : text;
  return count > 1 ? `${short} (+${count - 1} more)` : short;
}
