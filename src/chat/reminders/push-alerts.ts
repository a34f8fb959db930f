import { Injectable, Logger } from '@nestjs/common';
import {
  PushNotifications,
  UserDirectory,
  type AlertRecipient,
  type ChatMessage,
} from '@app/contracts';
import { PageVisibility } from '../page-visibility';
import { BlocksRepository } from '../persistence/blocks.repository';
import { ChatsRepository } from '../persistence/chats.repository';
import type { MemberRecord } from '../persistence/chat.records';

/**
 * Chat's half of Web Push: who hears about a new message. A member other than the sender, who
 * did not mute the chat, whose level for it lets the message through (all; or mentions and
 * replies to them), who did not block the sender, and who has no page of ours in front of them.
 * Push (through the `PushNotifications` port) does the rest. Best effort, after the answer.
 */
@Injectable()
export class PushAlerts {
  private readonly logger = new Logger('PushAlerts');

  constructor(
    private readonly chats: ChatsRepository,
    private readonly blocks: BlocksRepository,
    private readonly visibility: PageVisibility,
    private readonly directory: UserDirectory,
    private readonly push: PushNotifications,
  ) {}

  stored(message: ChatMessage): void {
    void this.alert(message).catch((error: unknown) =>
      this.logger.warn({ err: error }, 'Could not queue push notifications for a message'),
    );
  }

  deleted(message: ChatMessage): void {
    void this.push
      .messageDeleted(message.chatId, message.id)
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'Could not take down the notification of a message'),
      );
  }

  private async alert(message: ChatMessage): Promise<void> {
    const senderId = message.senderId;
    if (message.kind === 'system' || !senderId || message.deletedAt) return;
    // Nobody has push (a fresh install, a bench): not even the members are read.
    if (!(await this.push.anyoneReachable())) return;
    const [chat, members] = await Promise.all([
      this.chats.findById(message.chatId),
      this.chats.listMembers(message.chatId),
    ]);
    if (!chat) return;
    const at = new Date(message.createdAt);
    const wanted = members
      .filter((member) => member.userId !== senderId && !mutedAt(member, at))
      .map((member) => ({ member, mention: concerns(message, member.userId) }))
      .filter(
        ({ member, mention }) =>
          member.notify === 'all' || (member.notify === 'mentions' && mention),
      );
    if (wanted.length === 0) return;
    const ids = wanted.map(({ member }) => member.userId);
    // Push first (one key-value read each): pages are looked at only for people it can reach.
    const [blockers, reachable] = await Promise.all([
      this.blocks.blockersAmong(senderId, ids).then((found) => new Set(found)),
      this.push.reachableAmong(ids).then((found) => new Set(found)),
    ]);
    const candidates = wanted.filter(
      ({ member }) => reachable.has(member.userId) && !blockers.has(member.userId),
    );
    const visible = await Promise.all(
      candidates.map(({ member }) => this.visibility.hasVisiblePage(member.userId)),
    );
    const recipients: AlertRecipient[] = candidates
      .filter((_, i) => !visible[i])
      .map(({ member, mention }) => ({ userId: member.userId, mention }));
    if (recipients.length === 0) return;
    const [sender] = await this.directory.getMany([senderId]);
    const name = sender?.name ?? 'Someone';
    await this.push.messageStored(
      {
        chatId: chat.id,
        messageId: message.id,
        seq: message.seq,
        title: chat.kind === 'group' && chat.name ? `${name} in ${chat.name}` : name,
        text: notificationText(message),
        direct: chat.kind === 'direct',
      },
      recipients,
    );
  }
}

/** What a notification says of a message: its text, and what it carries ("📎 name", "🎤 …"). */
function notificationText(message: ChatMessage): string {
  const caption = message.text ?? '';
  const what =
    message.kind === 'image'
      ? 'Photo'
      : message.kind === 'voice'
        ? '🎤 Voice message'
        : message.kind === 'file'
          ? `📎 ${message.file?.name ?? 'File'}`
          : null;
  if (what === null) return caption;
  return caption ? `${what}: ${caption}` : what;
}

const mutedAt = (member: MemberRecord, at: Date) =>
  member.mutedUntil !== null && member.mutedUntil > at;

/** It mentions them or answers something they wrote. */
const concerns = (message: ChatMessage, userId: string) =>
  message.mentions.includes(userId) || message.replyTo?.senderId === userId;
