import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { MAX_LINK_PREVIEWS, MediaLibrary } from '@app/contracts';
import { badField } from '@app/http';
import type { Announced } from './announced';
import { ChatAccess } from './chat-access';
import { toChatMessage } from './chat.mapper';
import { deleteDecision, editDecision, reactionDecision } from './message-change-rules';
import { MessageRateLimiter } from './message-rate-limiter';
import type { ChangeDecision } from './persistence/messages.repository';
import { MessagesRepository } from './persistence/messages.repository';
import { RealtimePublisher } from './fanout/realtime-publisher';
import { PushAlerts } from './reminders/push-alerts';
import { previewRemovalDecision } from './previews/preview-change-rules';

export const PREVIEW_INDEX_PROBLEM = `index must be an integer from 0 to ${MAX_LINK_PREVIEWS - 1}`;

/**
 * A change as its caller gets it: the message as it now is, whether anything changed, and the
 * chat's `message:updated` to announce once the caller has its answer (nothing when unchanged).
 */
export interface MessageChangeResult extends Announced {
  changed: boolean;
}

/**
 * Edits, deletions for everyone, reactions and the removal of link previews. REST and socket handlers call exactly these, so
 * both paths share the checks; each change is one atomic repository call that takes the chat's
 * next change seq (see `MessagesRepository.change`).
 */
@Injectable()
export class MessageChangesService {
  private readonly logger = new Logger('MessageChanges');

  constructor(
    private readonly messages: MessagesRepository,
    private readonly access: ChatAccess,
    private readonly rateLimiter: MessageRateLimiter,
    private readonly publisher: RealtimePublisher,
    private readonly media: MediaLibrary,
    private readonly pushAlerts: PushAlerts,
  ) {}

  /** Counts against the sender's message rate, like a send. */
  async edit(
    userId: string,
    chatId: string,
    seq: number,
    text: string,
  ): Promise<MessageChangeResult> {
    await this.access.forContribution(chatId, userId);
    await this.rateLimiter.consume(userId);
    return this.apply(chatId, seq, editDecision(userId, text));
  }

  /** The image of a deleted message is released once the tombstone is stored. */
  async delete(userId: string, chatId: string, seq: number): Promise<MessageChangeResult> {
    const { chat, member } = await this.access.forWriteWithChat(chatId, userId);
    const decide = deleteDecision(userId, member.role, chat.kind);
    // The image as the committed decision saw it (the decision may run again on a retry).
    let image: string | null = null;
    const result = await this.apply(chatId, seq, (current) => {
      image = current.mediaId;
      return decide(current);
    });
    if (result.changed && image) await this.release(image);
    if (!result.changed) return result;
    return {
      ...result,
      announce: () => {
        result.announce();
        this.pushAlerts.deleted(result.message);
      },
    };
  }

  async react(
    userId: string,
    chatId: string,
    seq: number,
    emoji: string,
    add: boolean,
  ): Promise<MessageChangeResult> {
    await this.access.forContribution(chatId, userId);
    return this.apply(chatId, seq, reactionDecision(userId, emoji, add));
  }

  /**
   * The sender takes one link preview off their message (`index` as in its `previews`); allowed
   * in a blocked chat too, like a deletion: it only takes something away.
   */
  async removePreview(
    userId: string,
    chatId: string,
    seq: number,
    index: number,
  ): Promise<MessageChangeResult> {
    await this.access.forWrite(chatId, userId);
    if (!(index >= 0 && index < MAX_LINK_PREVIEWS)) throw badField('index', PREVIEW_INDEX_PROBLEM);
    return this.apply(chatId, seq, previewRemovalDecision(userId, index));
  }

  private async apply(
    chatId: string,
    seq: number,
    decide: ChangeDecision,
  ): Promise<MessageChangeResult> {
    const result = await this.messages.change(chatId, seq, decide);
    if (!result) throw new NotFoundException('Message not found');
    const message = toChatMessage(result.message);
    const { changed } = result;
    return {
      message,
      changed,
      announce: () => {
        if (changed) this.publisher.messageUpdated(message);
      },
    };
  }

  /** Best effort: the message no longer refers to the image, so only its uploader could still get it. */
  private async release(mediaId: string): Promise<void> {
    try {
      await this.media.release(mediaId, 'message');
    } catch (error) {
      this.logger.warn({ err: error, mediaId }, 'Could not release the image of a deleted message');
    }
  }
}
