import type { ChatMessage, ChatSyncChat } from '@app/contracts';
import { ackData, type ChatClient } from './sockets';

/** What one chat:sync catch-up cost: answers (round trips), bytes received, and messages in them. */
export interface CatchUpCost {
  roundTrips: number;
  bytes: number;
  messages: number;
}

/**
 * One chat as a client keeps it: the messages it holds by seq, its cursors, and the rule that a
 * copy with a higher `changeSeq` replaces a lower one and never the other way round.
 */
export class ChatReplica {
  readonly messages = new Map<number, ChatMessage>();
  afterSeq = 0;

  /** `afterChangeSeq`: the chat's `lastChangeSeq`, read before its history was loaded. */
  constructor(
    readonly chatId: string,
    public afterChangeSeq: number,
  ) {}

  apply(message: ChatMessage): void {
    const held = this.messages.get(message.seq);
    if (!held || held.changeSeq < message.changeSeq) this.messages.set(message.seq, message);
    while (this.messages.has(this.afterSeq + 1)) this.afterSeq += 1;
  }

  /** chat:sync until nothing more: what a reconnecting client does. */
  async catchUp(socket: ChatClient): Promise<CatchUpCost> {
    const cost: CatchUpCost = { roundTrips: 0, bytes: 0, messages: 0 };
    for (;;) {
      const answer = await ackData(socket, 'chat:sync', {
        cursors: [
          { chatId: this.chatId, afterSeq: this.afterSeq, afterChangeSeq: this.afterChangeSeq },
        ],
      });
      const chat: ChatSyncChat = answer.chats[0];
      cost.roundTrips += 1;
      cost.bytes += Buffer.byteLength(JSON.stringify(answer));
      cost.messages += chat.messages.length + chat.changed.length;
      [...chat.changed, ...chat.messages].forEach((message) => this.apply(message));
      this.afterChangeSeq = chat.nextAfterChangeSeq;
      if (!chat.hasMore) return cost;
    }
  }

  /** The held messages in seq order. */
  list(): ChatMessage[] {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }
}
