import { Injectable, Logger } from '@nestjs/common';
import type { ChatMessage } from '@app/contracts';
import { PresenceService } from './presence.service';
import { UnreadReminders } from './unread-reminders.service';

/** A mention of someone offline brings their unread reminder forward (see `UnreadReminders`). */
@Injectable()
export class MentionReminders {
  private readonly logger = new Logger('MentionReminders');

  constructor(
    private readonly presence: PresenceService,
    private readonly reminders: UnreadReminders,
  ) {}

  /** Best effort, after the message is stored and acknowledged: a failure is logged only. */
  mentioned(message: ChatMessage): void {
    const people = message.mentions.filter((id) => id !== message.senderId);
    if (people.length === 0) return;
    void this.remindOffline(people, new Date(message.createdAt)).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'Could not bring mention reminders forward'),
    );
  }

  private async remindOffline(userIds: readonly string[], at: Date): Promise<void> {
    for (const userId of userIds) {
      if (!(await this.presence.isOnline(userId))) await this.reminders.dueNow(userId, at);
    }
  }
}
