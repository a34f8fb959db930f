import { Injectable } from '@nestjs/common';
import type { ChatMessage, MarkResult } from '@app/contracts';
import { ChatAccess } from './chat-access';
import { toChatMessage } from './chat.mapper';
import { ChatsRepository } from './persistence/chats.repository';
import { MessagesRepository } from './persistence/messages.repository';
import { RealtimePublisher } from './fanout/realtime-publisher';

/**
 * Reading, read and delivered marks, and search; sending is `SendPipeline`'s. REST and socket
 * handlers call exactly these methods, so both paths share the membership checks.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly chats: ChatsRepository,
    private readonly access: ChatAccess,
    private readonly publisher: RealtimePublisher,
  ) {}

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
}
