import { BadRequestException, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  MAX_MESSAGES_PAGE,
  MediaLibrary,
  type ChatMessage,
  type ChatSyncResult,
  type MarkResult,
  type MediaView,
  type SendMessagePayload,
  type SyncCursor,
} from '@app/contracts';
import { mediaAttachError } from '@app/http';
import { ChatAccess, notAMemberError } from './chat-access.service';
import { toChatMessage } from './chat.mapper';
import { MessageRateLimiter } from './message-rate.limiter';
import { SendAdmission } from './send-admission';
import { ChatsRepository } from './persistence/chats.repository';
import type { MessageRecord } from './persistence/chat.records';
import { MessagesRepository } from './persistence/messages.repository';
import { RealtimePublisher } from './realtime/realtime.publisher';

/** About this many bytes of messages in one chat:sync answer, whatever the cursors ask for. */
export const MAX_SYNC_ANSWER_BYTES = 1_000_000;
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
      if (input.mediaId) return this.sendImage(userId, chatId, input.mediaId, input, text);
      await this.consumeRateLimit(userId, chatId, input.clientMessageId);
      return this.store(userId, chatId, input.clientMessageId, text, null);
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
    await this.access.forWrite(chatId, userId);
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
    return this.store(userId, chatId, input.clientMessageId, text, attached.media);
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
    clientMessageId: string,
    text: string | null,
    media: MediaView | null,
  ): Promise<SentMessage> {
    const appended = await this.messages.appendFromMember({
      chatId,
      senderId: userId,
      clientMessageId,
      kind: media ? 'image' : 'text',
      text,
      mediaId: media?.id ?? null,
      media,
      system: null,
    });
    if (!appended) throw notAMemberError();
    const { message, created } = appended;
    if (!created) return this.original(message.chatId, chatId, toChatMessage(message));
    return { message: toChatMessage(message), created: true };
  }

  /**
   * Fans a new message out to the chat's sockets. Callers do it after the sender has its
   * acknowledgement (DESIGN 4.1); a retry that found the original announces nothing.
   */
  announce(sent: SentMessage): void {
    if (sent.created) this.publisher.messageCreated(sent.message);
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

  private async isMember(chatId: string, userId: string): Promise<boolean> {
    return (await this.chats.findMember(chatId, userId)) !== null;
  }

  async history(
    userId: string,
    chatId: string,
    query: { beforeSeq?: number; afterSeq?: number; limit: number },
  ): Promise<{ items: ChatMessage[]; hasMore: boolean }> {
    await this.access.forRead(chatId, userId);
    const rows = await this.messages.page(chatId, { ...query, limit: query.limit + 1 });
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

  /**
   * Everything after each cursor, bounded per chat and in all: several cursors of one chat count
   * as the lowest, and the answer stops near MAX_SYNC_ANSWER_BYTES (at least one message, so a
   * client always moves on); `hasMore` tells the client to ask again.
   */
  async sync(userId: string, cursors: readonly SyncCursor[]): Promise<ChatSyncResult> {
    const lowest = new Map<string, number>();
    for (const { chatId, afterSeq } of cursors) {
      lowest.set(chatId, Math.min(afterSeq, lowest.get(chatId) ?? afterSeq));
    }
    const ids = [...lowest.keys()];
    const memberOf = new Set((await this.chats.membershipsOf(userId, ids)).map((m) => m.chatId));
    const pages = await Promise.all(
      ids
        .filter((chatId) => memberOf.has(chatId))
        .map(async (chatId) => ({
          chatId,
          rows: await this.messages.page(chatId, {
            afterSeq: lowest.get(chatId) ?? 0,
            limit: MAX_MESSAGES_PAGE + 1,
          }),
        })),
    );
    let budget = MAX_SYNC_ANSWER_BYTES;
    const chats = pages.map(({ chatId, rows }) => {
      const messages: ChatMessage[] = [];
      for (const row of rows.slice(0, MAX_MESSAGES_PAGE)) {
        const message = toChatMessage(row);
        const size = Buffer.byteLength(JSON.stringify(message));
        if (size > budget && (messages.length > 0 || budget < MAX_SYNC_ANSWER_BYTES)) break;
        messages.push(message);
        budget -= size;
      }
      return { chatId, messages, hasMore: rows.length > messages.length };
    });
    return { chats, notFound: ids.filter((id) => !memberOf.has(id)) };
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

function nothingToSend(): BadRequestException {
  const message = 'Send text, an image (mediaId), or both';
  return new BadRequestException({ message, details: [{ field: 'text', messages: [message] }] });
}
