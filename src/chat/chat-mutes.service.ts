import { Injectable } from '@nestjs/common';
import { badField } from '@app/http';
import type { ChatNotifyLevel, ChatView } from '@app/contracts';
import { ChatAccess, notAMemberError } from './chat-access';
import { ChatViewsAssembler } from './chat-views-assembler';
import { ChatsRepository } from './persistence/chats.repository';
import { MUTED_FOREVER, type ChatRecord } from './persistence/chat.records';

/** A timed mute longer than this is better said as "until unmuted". */
const LONGEST_TIMED_MUTE_MS = 366 * 24 * 3600 * 1000;

/**
 * Muting a chat for oneself: no e-mail reminder, no browser or push notification from it; unread
 * counts still move. A timed mute ends by itself (nothing is written when it does). Short of a
 * mute, the chat's notify level says which of its messages may push (all, mentions, none).
 */
@Injectable()
export class ChatMutesService {
  constructor(
    private readonly chats: ChatsRepository,
    private readonly access: ChatAccess,
    private readonly views: ChatViewsAssembler,
  ) {}

  /** Membership first: a stranger learns nothing from how their request is worded. */
  async mute(
    userId: string,
    chatId: string,
    until: string | null,
    now = new Date(),
  ): Promise<ChatView> {
    const { chat } = await this.access.forWriteWithChat(chatId, userId);
    const end = until === null ? MUTED_FOREVER : new Date(until);
    const ms = end.getTime() - now.getTime();
    // Some ISO 8601 forms the DTO lets through (week or ordinal dates) make no Date: NaN here.
    if (until !== null && !(ms > 0 && ms <= LONGEST_TIMED_MUTE_MS)) {
      const message = 'until must be a date in the future, within a year (null: until unmuted)';
      throw badField('until', message);
    }
    return this.set(userId, chat, end);
  }

  async unmute(userId: string, chatId: string): Promise<ChatView> {
    const { chat } = await this.access.forWriteWithChat(chatId, userId);
    return this.set(userId, chat, null);
  }

  /** Which of the chat's messages may push to oneself: all, mentions and replies, or none. */
  async setNotify(userId: string, chatId: string, level: ChatNotifyLevel): Promise<ChatView> {
    const { chat } = await this.access.forWriteWithChat(chatId, userId);
    if (!(await this.chats.setNotifyLevel(chat.id, userId, level))) throw notAMemberError();
    return this.views.view(chat, userId);
  }

  private async set(userId: string, chat: ChatRecord, until: Date | null): Promise<ChatView> {
    if (!(await this.chats.setMutedUntil(chat.id, userId, until))) throw notAMemberError();
    return this.views.view(chat, userId);
  }
}
