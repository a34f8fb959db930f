import { Injectable, Logger } from '@nestjs/common';
import type { ChatMessage } from '@app/contracts';
import { ChatsRepository } from '../persistence/chats.repository';
import { PresenceService } from '../presence.service';
import { UnreadReminders } from './unread-reminders';

/** A mention of someone offline brings their unread reminder forward (see `UnreadReminders`). */
@Injectable()
export class MentionReminders {
  private readonly logger = new Logger('MentionReminders');

  constructor(
    private readonly chats: ChatsRepository,
    private readonly presence: PresenceService,
    private readonly reminders: UnreadReminders,
  ) {}

  /** Best effort, after the message is stored and acknowledged: a failure is logged only. */
  mentioned(message: ChatMessage): void {
    const people = message.mentions.filter((id) => id !== message.senderId);
    if (people.length === 0) return;
    void this.remindOffline(message.chatId, people, new Date(message.createdAt)).catch(
      (error: unknown) =>
        this.logger.warn({ err: error }, 'Could not bring mention reminders forward'),
    );
  }

  /** Not those who muted the chat: a mention there is as quiet as any message. */
  private async remindOffline(chatId: string, userIds: readonly string[], at: Date): Promise<void> {
    const muted = new Set(
      (await this.chats.listMembers(chatId))
        .filter((m) => m.mutedUntil !== null && m.mutedUntil > at)
        .map((m) => m.userId),
    );
    for (const userId of userIds) {
      if (muted.has(userId) || (await this.presence.isOnline(userId))) continue;
      await this.reminders.dueNow(userId, at);
    }
  }
}
