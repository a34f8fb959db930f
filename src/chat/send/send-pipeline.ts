import { BadRequestException, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { MediaLibrary, type AttachedUpload, type MessageKind } from '@app/contracts';
import { badField, mediaAttachError } from '@app/http';
import { ChatAccess } from '../chat-access';
import { toChatMessage } from '../chat.mapper';
import { MessageRateLimiter } from '../message-rate-limiter';
import { RealtimePublisher } from '../fanout/realtime-publisher';
import { BlocksRepository } from '../persistence/blocks.repository';
import { ChatsRepository } from '../persistence/chats.repository';
import type { MessageRecord } from '../persistence/chat.records';
import { MessagesRepository } from '../persistence/messages.repository';
import { MentionReminders } from '../reminders/mention-reminders';
import { PushAlerts } from '../reminders/push-alerts';
import { LinkPreviews } from '../previews/link-previews';
import { SendAdmission } from './send-admission';
import { sendRefusal } from './send-refusal';
import type { NewMessageInput, SentMessage } from './sent-message';

/**
 * How long a send finding its upload already claimed looks for a concurrent retry of itself that
 * claimed it (that retry's message is stored a moment after the claim), and how often.
 */
const RETRY_WAIT_MS = 1000;
const RETRY_POLL_MS = 20;

/** One send on its way through the stages. */
interface Send {
  userId: string;
  chatId: string;
  input: NewMessageInput;
  text: string | null;
  /**
   * Claims an upload, answers a message or mentions someone: membership and "is this a retry?"
   * must be known before those are checked or claimed. A plain text leaves both to the append,
   * which decides them in the same statement as the insert.
   */
  checkedFirst: boolean;
  /** Known not to be a retry of a stored message (it was looked up and not found). */
  knownNew: boolean;
  /** The claimed upload: an image, or any other file (a voice message when it has a duration). */
  upload: AttachedUpload | null;
}

/** A stage answers the send early (a retry gets its original) or lets it go on. */
type Stage = (send: Send) => Promise<SentMessage | undefined>;

/**
 * The one way a message is sent, by REST and by socket alike (docs/architecture.md#tour-of-a-send):
 * admit → authorize → recognise retry → check references → rate-limit → attach media → append.
 * The caller then acknowledges and calls `announce` of the result (the fan-out).
 */
@Injectable()
export class SendPipeline {
  private readonly stages: readonly Stage[] = [
    (send) => this.authorize(send),
    (send) => this.recogniseRetry(send),
    (send) => this.checkReferences(send),
    (send) => this.rateLimit(send),
    (send) => this.attachMedia(send),
    (send) => this.append(send),
  ];

  constructor(
    private readonly admission: SendAdmission,
    private readonly access: ChatAccess,
    private readonly messages: MessagesRepository,
    private readonly chats: ChatsRepository,
    private readonly blocks: BlocksRepository,
    private readonly rateLimiter: MessageRateLimiter,
    private readonly media: MediaLibrary,
    private readonly publisher: RealtimePublisher,
    private readonly mentionReminders: MentionReminders,
    private readonly pushAlerts: PushAlerts,
    private readonly linkPreviews: LinkPreviews,
  ) {}

  private get repositories() {
    return { chats: this.chats, blocks: this.blocks };
  }

  /** A text, an image (an unused upload of the sender's), or an image with a caption. */
  send(userId: string, chatId: string, input: NewMessageInput): Promise<SentMessage> {
    // Admit: past the process's capacity a send is refused at once (503), before any work.
    return this.admission.run(async () => {
      const text = input.text || null;
      if (!text && !input.mediaId)
        throw badField('text', 'Send text, an upload (mediaId), or both');
      const checkedFirst =
        input.mediaId !== undefined ||
        input.replyToSeq !== undefined ||
        (input.mentions?.length ?? 0) > 0;
      const send: Send = {
        userId,
        chatId,
        input,
        text,
        checkedFirst,
        knownNew: false,
        upload: null,
      };
      for (const stage of this.stages) {
        const answer = await stage(send);
        if (answer) return answer;
      }
      throw new Error('The send pipeline ended without an answer');
    });
  }

  /** Membership, and a direct chat not blocked, before anything is claimed or looked up. */
  private async authorize(send: Send): Promise<undefined> {
    if (!send.checkedFirst) return;
    const { chat } = await this.access.forWriteWithChat(send.chatId, send.userId);
    if (chat.blocked) throw await sendRefusal(this.repositories, send.chatId, send.userId);
  }

  /** A send that checks or claims something first is looked up once: a retry skips the rest. */
  private async recogniseRetry(send: Send): Promise<SentMessage | undefined> {
    if (!send.checkedFirst) return;
    return this.earlierCopy(send);
  }

  /** A reply answers a message of this chat that is not deleted; only members can be mentioned. */
  private async checkReferences(send: Send): Promise<undefined> {
    const { replyToSeq, mentions } = send.input;
    if (replyToSeq !== undefined) {
      const original = await this.messages.findBySeq(send.chatId, replyToSeq);
      if (!original) throw badField('replyToSeq', 'There is no message with this seq in this chat');
      if (original.deletedAt) throw badField('replyToSeq', 'That message was deleted');
    }
    if (mentions?.length) {
      const members = new Set((await this.chats.listMembers(send.chatId)).map((m) => m.userId));
      if (mentions.some((id) => !members.has(id))) {
        throw badField('mentions', 'Only members of this chat can be mentioned');
      }
    }
    return undefined;
  }

  /**
   * The sender's message rate. A retry of a stored message still gets its original when the
   * sender is over the limit (a client resending after a reconnect), so only then is it looked up.
   */
  private async rateLimit(send: Send): Promise<SentMessage | undefined> {
    try {
      await this.rateLimiter.consume(send.userId);
      return undefined;
    } catch (error) {
      if (send.knownNew) throw error;
      const member = send.checkedFirst || (await this.chats.findMember(send.chatId, send.userId));
      const earlier = member ? await this.earlierCopy(send).catch(() => undefined) : undefined;
      if (earlier) return earlier;
      throw error;
    }
  }

  /**
   * The upload is claimed (used once, by its uploader) only after membership and retries are
   * settled. Already claimed may mean a concurrent retry of this very message claimed it a moment
   * ago: its message is then waited for.
   */
  private async attachMedia(send: Send): Promise<SentMessage | undefined> {
    if (send.input.mediaId === undefined) return;
    const attached = await this.media.attach(send.input.mediaId, send.userId, 'message');
    if (attached.ok) {
      send.upload = attached;
      return;
    }
    const retried =
      attached.reason === 'already_used'
        ? await this.earlierCopy(send, Date.now() + RETRY_WAIT_MS)
        : undefined;
    if (retried) return retried;
    throw mediaAttachError(attached.reason, 'mediaId');
  }

  /** One repository call decides the rest: stored now, stored before (a retry), or refused. */
  private async append(send: Send): Promise<SentMessage> {
    const { input, upload } = send;
    const media = upload && (upload.kind === 'image' ? upload.media : upload.file);
    const appended = await this.messages.appendFromMember({
      chatId: send.chatId,
      senderId: send.userId,
      clientMessageId: input.clientMessageId,
      kind: messageKindOf(upload),
      text: send.text,
      mediaId: media?.id ?? null,
      media,
      system: null,
      replyToSeq: input.replyToSeq ?? null,
      mentions: input.mentions ?? [],
    });
    switch (appended.outcome) {
      case 'created': {
        const message = toChatMessage(appended.message);
        return {
          message,
          created: true,
          announce: () => {
            this.publisher.messageCreated(message);
            this.mentionReminders.mentioned(message);
            this.pushAlerts.stored(message);
            this.linkPreviews.messageSent(message);
          },
        };
      }
      case 'stored':
        return this.original(send, appended.message);
      case 'refused':
        throw await sendRefusal(this.repositories, send.chatId, send.userId);
    }
  }

  /**
   * The sender's stored message with this send's client id, as the answer to a retry: looked up
   * once, or until `waitUntil` while a concurrent copy is being stored. Marks the send as new when
   * there is none.
   */
  private async earlierCopy(send: Send, waitUntil = 0): Promise<SentMessage | undefined> {
    for (;;) {
      const stored = await this.messages.findByClientMessageId(
        send.userId,
        send.input.clientMessageId,
      );
      if (stored) return this.original(send, stored);
      if (Date.now() >= waitUntil) break;
      await sleep(RETRY_POLL_MS);
    }
    send.knownNew = true;
    return undefined;
  }

  /** A retry's answer: its original, announced when it was first stored. */
  private original(send: Send, stored: MessageRecord): SentMessage {
    if (stored.chatId !== send.chatId) {
      const message = 'clientMessageId was already used for a message in another chat';
      throw new BadRequestException({
        message,
        details: [{ field: 'clientMessageId', messages: [message] }],
      });
    }
    return { message: toChatMessage(stored), created: false, announce: () => undefined };
  }
}

/** A message is named by what it carries: text alone, an image, a voice message or another file. */
function messageKindOf(upload: AttachedUpload | null): MessageKind {
  if (!upload) return 'text';
  if (upload.kind === 'image') return 'image';
  return upload.file.durationMs === null ? 'file' : 'voice';
}
