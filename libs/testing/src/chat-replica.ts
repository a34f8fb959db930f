import {
  REPLY_QUOTE_LENGTH,
  type AuthSession,
  type ChatMessage,
  type ChatSyncChat,
  type ReplyQuote,
} from '@app/contracts';
import { bearer } from './auth-helpers';
import { emitAck, sleep, type ChatClient } from './sockets';
import type { Origin } from './test-app';

/** What one chat:sync catch-up cost: answers (round trips), bytes received, and messages in them. */
export interface CatchUpCost {
  roundTrips: number;
  bytes: number;
  messages: number;
}

/**
 * The quote of `original` as docs/realtime.md ("Replies and quotes") derives it, written from the
 * document: none once deleted; else seq, sender, kind and the first REPLY_QUOTE_LENGTH code points
 * of the text.
 */
export function quoteOf(original: ChatMessage): ReplyQuote | null {
  if (original.deletedAt) return null;
  const { seq, senderId, kind, text } = original;
  const cut = text === null ? null : Array.from(text).slice(0, REPLY_QUOTE_LENGTH).join('');
  return { seq, senderId, kind, text: cut };
}

export interface ReplicaOptions {
  /**
   * The first seq the client holds every message from: it opened the chat on a page of history
   * starting there. Copies of older messages it is sent are kept aside, for the quotes of replies.
   */
  holdsFrom?: number;
  /**
   * Apply the quote rules of docs/realtime.md (the default). Off, quotes stay as they came: only
   * to show what a client that ignores the rules ends up showing.
   */
  deriveQuotes?: boolean;
}

/**
 * One chat as a client keeps it, by the rules of docs/realtime.md alone: the messages it holds by
 * seq, its cursors, the rule that a copy with a higher `changeSeq` replaces a lower one and never
 * the other way round, and the rules of "Replies and quotes".
 */
export class ChatReplica {
  readonly messages = new Map<number, ChatMessage>();
  afterSeq = 0;
  readonly holdsFrom: number;
  private readonly deriveQuotes: boolean;

  /** `afterChangeSeq`: the chat's `lastChangeSeq`, read before its history was loaded. */
  constructor(
    readonly chatId: string,
    public afterChangeSeq: number,
    options: ReplicaOptions = {},
  ) {
    this.holdsFrom = options.holdsFrom ?? 1;
    this.afterSeq = this.holdsFrom - 1;
    this.deriveQuotes = options.deriveQuotes ?? true;
  }

  /** A copy of a message from anywhere: an event, an acknowledgement, a page, a catch-up. */
  apply(message: ChatMessage): void {
    const held = this.messages.get(message.seq);
    if (!held || held.changeSeq < message.changeSeq) {
      this.messages.set(message.seq, this.quoted(message));
    }
    while (this.messages.has(this.afterSeq + 1)) this.afterSeq += 1;
    if (!this.deriveQuotes) return;
    // The server does not send replies again when their original changes: derive their quotes.
    for (const [seq, reply] of this.messages) {
      if (reply.replyTo?.seq === message.seq) this.messages.set(seq, this.quoted(reply));
    }
  }

  /** A reply shows the quote of the original held; without one, the quote it came with. */
  private quoted(reply: ChatMessage): ChatMessage {
    const original = reply.replyTo && this.messages.get(reply.replyTo.seq);
    return this.deriveQuotes && original ? { ...reply, replyTo: quoteOf(original) } : reply;
  }

  /** chat:sync until nothing more: what a reconnecting client does. */
  async catchUp(socket: ChatClient): Promise<CatchUpCost> {
    const cost: CatchUpCost = { roundTrips: 0, bytes: 0, messages: 0 };
    for (;;) {
      const answer = await emitAck(socket, 'chat:sync', {
        cursors: [
          { chatId: this.chatId, afterSeq: this.afterSeq, afterChangeSeq: this.afterChangeSeq },
        ],
      });
      if (!answer.ok && answer.error.code === 'rate_limited') {
        await sleep(answer.error.retryAfterMs ?? 100);
        continue;
      }
      if (!answer.ok) throw new Error(`chat:sync failed: ${JSON.stringify(answer.error)}`);
      const chat: ChatSyncChat = answer.data.chats[0];
      cost.roundTrips += 1;
      cost.bytes += Buffer.byteLength(JSON.stringify(answer.data));
      cost.messages += chat.messages.length + chat.changed.length;
      [...chat.changed, ...chat.messages].forEach((message) => this.apply(message));
      this.afterChangeSeq = chat.nextAfterChangeSeq;
      if (!chat.hasMore) return cost;
    }
  }

  /**
   * The REST change feed from `afterChangeSeq` until nothing more (`limit` a page): what a client
   * without a socket does. Every change after the cursor comes, new messages included.
   */
  async catchUpByFeed(t: Origin, session: AuthSession, limit = 100): Promise<void> {
    for (;;) {
      const res = await t
        .http()
        .get(
          `/api/v1/chats/${this.chatId}/messages?afterChangeSeq=${this.afterChangeSeq}&limit=${limit}`,
        )
        .set(bearer(session))
        .expect(200);
      const page = res.body as { items: ChatMessage[]; hasMore: boolean };
      page.items.forEach((message) => this.apply(message));
      this.afterChangeSeq = page.items.at(-1)?.changeSeq ?? this.afterChangeSeq;
      if (!page.hasMore) return;
    }
  }

  /** The held messages in seq order (copies kept aside from before `holdsFrom` included). */
  list(): ChatMessage[] {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }
}
