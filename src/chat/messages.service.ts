import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  MediaLibrary,
  type ChatMessage,
  type MarkResult,
  type MediaView,
  type SendMessagePayload,
} from '@app/contracts';
import { badField, mediaAttachError } from '@app/http';
import { CANNOT_CHAT, ChatAccess, notAMemberError } from './chat-access.service';
import { toChatMessage } from './chat.mapper';
import { MessageRateLimiter } from './message-rate.limiter';
import { SendAdmission } from './send-admission';
import { BlocksRepository } from './persistence/blocks.repository';
import { ChatsRepository } from './persistence/chats.repository';
import type { MessageRecord } from './persistence/chat.records';
import { MessagesRepository } from './persistence/messages.repository';
import { MentionReminders } from './reminders/mention-reminders';
import { RealtimePublisher } from './fanout/realtime.publisher';

/**
 * How long a send finding its upload already claimed looks for a concurrent retry of itself that
 * claimed it (that retry's message is stored a moment after the claim), and how often.
 */
const RETRY_WAIT_MS = 1000;
const RETRY_POLL_MS = 20;

/** A send as the contract defines it, the chat aside (it is an argument); text comes trimmed. */
export type NewMessageInput = Omit<SendMessagePayload, 'chatId'>;

export interface SentMessage {
  message: ChatMessage;
  /** false when this `clientMessageId` had already been sent: the original is returned. */
  created: boolean;
}

/**
 * Sending, reading and catching up. REST and socket handlers call exactly these methods, so both
 * paths share the membership checks, the rate limit and the persist-then-fan-out order.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly chats: ChatsRepository,
    private readonly access: ChatAccess,
    private readonly rateLimiter: MessageRateLimiter,
    private readonly publisher: RealtimePublisher,
    private readonly media: MediaLibrary,
    private readonly admission: SendAdmission,
    private readonly blocks: BlocksRepository,
    private readonly mentionReminders: MentionReminders,
  ) {}

  /**
   * A text, an image (an unused upload of the sender's), or an image with a caption. A text costs
   * one repository call (`appendFromMember`: one statement on SQL, one transaction on MongoDB):
   * membership, seq, insert and the sender's marks together, and a retry is recognised by the
   * unique `clientMessageId` rather than a read first.
   */
  send(userId: string, chatId: string, input: NewMessageInput): Promise<SentMessage> {
    return this.admission.run(async () => {
      const text = input.text || null;
      if (!text && !input.mediaId) throw nothingToSend();
      if (input.replyToSeq !== undefined || input.mentions?.length) {
        const earlier = await this.checkReplyAndMentions(userId, chatId, input);
        if (earlier) return earlier;
      }
      if (input.mediaId) return this.sendImage(userId, chatId, input.mediaId, input, text);
      await this.consumeRateLimit(userId, chatId, input.clientMessageId);
      return this.store(userId, chatId, input, text, null);
    });
  }

  /** The upload is attached (used once, by its uploader) only after membership and retries are settled. */
  private async sendImage(
    userId: string,
    chatId: string,
    mediaId: string,
    input: NewMessageInput,
    text: string | null,
  ): Promise<SentMessage> {
    // Blocked is checked before the upload is claimed: a refused send leaves it free to use.
    await this.access.forContribution(chatId, userId);
    const earlier = await this.messages.findByClientMessageId(userId, input.clientMessageId);
    if (earlier) return this.original(earlier.chatId, chatId, toChatMessage(earlier));
    await this.rateLimiter.consume(userId);
    const attached = await this.media.attach(mediaId, userId, 'message');
    if (!attached.ok) {
      // A concurrent retry of this very message may have claimed it a moment ago.
      const retried =
        attached.reason === 'already_used'
          ? await this.storedSoon(userId, input.clientMessageId)
          : null;
      if (retried) return this.original(retried.chatId, chatId, toChatMessage(retried));
      throw mediaAttachError(attached.reason, 'mediaId');
    }
    return this.store(userId, chatId, input, text, attached.media);
  }

  /**
   * A reply must answer a message of this chat that is not deleted, and only members can be
   * mentioned (400 otherwise). A retry of a stored message gets its original without the checks.
   */
  private async checkReplyAndMentions(
    userId: string,
    chatId: string,
    input: NewMessageInput,
  ): Promise<SentMessage | null> {
    await this.access.forWrite(chatId, userId);
    const earlier = await this.messages.findByClientMessageId(userId, input.clientMessageId);
    if (earlier) return this.original(earlier.chatId, chatId, toChatMessage(earlier));
    if (input.replyToSeq !== undefined) {
      const original = await this.messages.findBySeq(chatId, input.replyToSeq);
      if (!original) throw badField('replyToSeq', 'There is no message with this seq in this chat');
      if (original.deletedAt) throw badField('replyToSeq', 'That message was deleted');
    }
    if (input.mentions?.length) {
      const members = new Set((await this.chats.listMembers(chatId)).map((m) => m.userId));
      if (input.mentions.some((id) => !members.has(id))) {
        throw badField('mentions', 'Only members of this chat can be mentioned');
      }
    }
    return null;
  }

  /**
   * A retry of a stored message must still get its original when the sender is over the limit
   * (a client resending after a reconnect), so only then is the original looked up.
   */
  private async consumeRateLimit(
    userId: string,
    chatId: string,
    clientMessageId: string,
  ): Promise<void> {
    try {
      await this.rateLimiter.consume(userId);
    } catch (error) {
      const earlier = await this.messages.findByClientMessageId(userId, clientMessageId);
      if (earlier && earlier.chatId === chatId && (await this.isMember(chatId, userId))) return;
      throw error;
    }
  }

  private async store(
    userId: string,
    chatId: string,
    input: NewMessageInput,
    text: string | null,
    media: MediaView | null,
  ): Promise<SentMessage> {
    const appended = await this.messages.appendFromMember({
      chatId,
      senderId: userId,
      clientMessageId: input.clientMessageId,
      kind: media ? 'image' : 'text',
      text,
      mediaId: media?.id ?? null,
      media,
      system: null,
      replyToSeq: input.replyToSeq ?? null,
      mentions: input.mentions ?? [],
    });
    if (!appended) throw await this.refusal(chatId, userId);
    const { message, created } = appended;
    if (!created) return this.original(message.chatId, chatId, toChatMessage(message));
    return { message: toChatMessage(message), created: true };
  }

  /**
   * Fans a new message out to the chat's sockets. Callers do it after the sender has its
   * acknowledgement (docs/architecture.md#persist-then-ack-then-fan-out); a retry that found the
   * original announces nothing.
   */
  announce(sent: SentMessage): void {
    if (!sent.created) return;
    this.publisher.messageCreated(sent.message);
    this.mentionReminders.mentioned(sent.message);
  }

  /** The message with this client id once it is stored, waiting up to `RETRY_WAIT_MS` for it. */
  private async storedSoon(userId: string, clientMessageId: string): Promise<MessageRecord | null> {
    const deadline = Date.now() + RETRY_WAIT_MS;
    for (;;) {
      const stored = await this.messages.findByClientMessageId(userId, clientMessageId);
      if (stored || Date.now() >= deadline) return stored;
      await sleep(RETRY_POLL_MS);
    }
  }

  /**
   * Why a send stored nothing: not a member, or a direct chat where one blocked the other (the
   * blocked person is told no more than that they cannot send).
   */
  private async refusal(chatId: string, userId: string): Promise<ForbiddenException> {
    const members = await this.chats.listMembers(chatId);
    if (!members.some((m) => m.userId === userId)) return notAMemberError();
    const other = members.find((m) => m.userId !== userId);
    const blocks = other && (await this.blocks.between(userId, other.userId));
    if (blocks?.iBlocked) {
      return new ForbiddenException('You blocked this person: unblock them to send messages');
    }
    return new ForbiddenException(CANNOT_CHAT);
  }

  private async isMember(chatId: string, userId: string): Promise<boolean> {
    return (await this.chats.findMember(chatId, userId)) !== null;
  }

  /** A page of history, or with `afterChangeSeq` of the change feed (what changed, in order). */
  async history(
    userId: string,
    chatId: string,
    query: { beforeSeq?: number; afterSeq?: number; afterChangeSeq?: number; limit: number },
  ): Promise<{ items: ChatMessage[]; hasMore: boolean }> {
    await this.access.forRead(chatId, userId);
    const { afterChangeSeq } = query;
    const rows =
      afterChangeSeq === undefined
        ? await this.messages.page(chatId, { ...query, limit: query.limit + 1 })
        : await this.messages.changedSince(chatId, { afterChangeSeq, limit: query.limit + 1 });
    return {
      items: rows.slice(0, query.limit).map(toChatMessage),
      hasMore: rows.length > query.limit,
    };
  }

  async markRead(userId: string, chatId: string, seq: number): Promise<MarkResult> {
    return this.mark('message:read', userId, chatId, seq);
  }

  async markDelivered(userId: string, chatId: string, seq: number): Promise<MarkResult> {
    return this.mark('message:delivered', userId, chatId, seq);
  }

  async search(
    userId: string,
    text: string,
    chatId: string | undefined,
    limit: number,
  ): Promise<ChatMessage[]> {
    if (chatId) await this.access.forRead(chatId, userId);
    return (await this.messages.search(userId, { text, chatId, limit })).map(toChatMessage);
  }

  private async mark(
    event: 'message:read' | 'message:delivered',
    userId: string,
    chatId: string,
    seq: number,
  ): Promise<MarkResult> {
    const member = await this.access.forWrite(chatId, userId);
    const before = event === 'message:read' ? member.lastReadSeq : member.lastDeliveredSeq;
    const after =
      event === 'message:read'
        ? await this.chats.markRead(chatId, userId, seq)
        : await this.chats.markDelivered(chatId, userId, seq);
    const mark = after ?? before;
    if (mark > before) this.publisher.marked(event, chatId, userId, mark);
    return { chatId, seq: mark };
  }

  private original(
    storedChatId: string,
    requestedChatId: string,
    message: ChatMessage,
  ): SentMessage {
    if (storedChatId !== requestedChatId) {
      throw new BadRequestException({
        message: 'clientMessageId was already used for a message in another chat',
        details: [
          {
            field: 'clientMessageId',
            messages: ['clientMessageId was already used for a message in another chat'],
          },
        ],
      });
    }
    return { message, created: false };
  }
}

const nothingToSend = () => badField('text', 'Send text, an image (mediaId), or both');
