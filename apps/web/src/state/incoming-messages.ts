import type { ChatMessage } from '@app/contracts';
import { previewOf } from '../lib/chat-preview';
import { confirm, heldCopy, type Conversation } from '../lib/conversation';
import { fresher, groupByChat } from '../lib/message-merge';
import type { ChatStateHolder } from './chat-state';
import type { MyChats } from './my-chats';
import type { ReadReceipts } from './read-receipts';
import type { TypingIndicators } from './typing-indicators';
import type { UnreadMentions } from './unread-mentions';

/** How confirmed messages join a conversation the client holds. */
export type MergeMessages = (c: Conversation, list: readonly ChatMessage[]) => Conversation;

/**
 * Confirmed messages from every source (a live event, the reply to my own send, a catch-up page)
 * go through here, so each source has the same effects: the message is stored once, the chat's
 * preview moves on, typing and receipts follow.
 */
export class IncomingMessages {
  constructor(
    private readonly holder: ChatStateHolder,
    private readonly myChats: MyChats,
    private readonly receipts: ReadReceipts,
    private readonly typing: TypingIndicators,
    private readonly mentions: UnreadMentions,
    /** Something may have opened or closed a gap in this chat's seqs. */
    private readonly seqsChanged: (chatId: string) => void,
  ) {}

  /**
   * `merge` adds the messages to a loaded conversation (merged by seq, so each shows once whatever
   * order they came in); a catch-up page's merge also vouches for the seqs it spans.
   */
  receive(messages: readonly ChatMessage[], merge: MergeMessages = confirm): void {
    for (const [chatId, list] of groupByChat(messages)) {
      const chat = this.holder.state.chats[chatId];
      if (!chat) {
        void this.myChats.fetch(chatId);
        continue;
      }
      if (this.holder.state.conversations[chatId]?.loaded) {
        this.holder.setConversation(chatId, (c) => merge(c, list));
        this.seqsChanged(chatId);
      } else this.dropConfirmedPending(chatId, list);
      // A change can overtake its message (fan-out across instances): what shows is the fresher.
      const current = list.map((m) =>
        fresher(heldCopy(this.holder.state.conversations[chatId], m.seq), m),
      );
      this.moveChatOn(chatId, current);
      this.mentions.noteNew(chatId, current);
      this.receipts.movePastMyOwn(chatId, list);
      this.typing.hideSenders(chatId, list);
      this.receipts.confirmDelivery(chatId, list);
    }
    this.receipts.markSeen();
  }

  /** The chat's preview and counters move to its newest message (`list`: the copies kept). */
  private moveChatOn(chatId: string, list: readonly ChatMessage[]): void {
    const chat = this.holder.state.chats[chatId];
    if (!chat) return;
    const newest = list.reduce((a, b) => (b.seq > a.seq ? b : a));
    const lastChangeSeq = Math.max(chat.lastChangeSeq ?? 0, ...list.map((m) => m.changeSeq));
    if (newest.seq <= chat.lastSeq) {
      if (lastChangeSeq !== chat.lastChangeSeq) this.holder.setChat({ ...chat, lastChangeSeq });
      return;
    }
    this.holder.setChat({
      ...chat,
      lastSeq: newest.seq,
      lastChangeSeq,
      updatedAt: newest.createdAt,
      lastMessage: previewOf(newest),
    });
  }

  /**
   * A conversation whose first page has not arrived yet can already hold my pending sends; one the
   * server has confirmed must not stay pending.
   */
  private dropConfirmedPending(chatId: string, list: readonly ChatMessage[]): void {
    const ids = new Set(list.map((m) => m.clientMessageId));
    if (this.holder.state.conversations[chatId]?.pending.some((p) => ids.has(p.clientMessageId))) {
      this.holder.setConversation(chatId, (c) => ({
        ...c,
        pending: c.pending.filter((p) => !ids.has(p.clientMessageId)),
      }));
    }
  }
}
