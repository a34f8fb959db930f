import type { ChatMessage } from '@app/contracts';
import { confirm, confirmNewestPage, oldestSeq } from '../lib/conversation';
import type { ChatStateHolder } from './chat-state';
import type { StoreDeps } from './store-deps';

const HISTORY_PAGE = 50;
/** Pages are larger when looking for one message further back. */
const REVEAL_PAGE = 100;

export interface HistoryPage {
  items: ChatMessage[];
  hasMore: boolean;
}

/** A chat's stored messages, fetched over HTTP a page at a time, newest page first. */
export class MessageHistory {
  constructor(
    private readonly holder: ChatStateHolder,
    private readonly deps: StoreDeps,
    /** Something may have opened or closed a gap in this chat's seqs. */
    private readonly seqsChanged: (chatId: string) => void,
  ) {}

  isLoaded(chatId: string): boolean {
    return this.holder.state.conversations[chatId]?.loaded === true;
  }

  /** The newest page, when the chat is opened for the first time; `addNewest` then stores it. */
  fetchNewest(chatId: string): Promise<HistoryPage> {
    return this.deps.http<HistoryPage>(`/chats/${chatId}/messages?limit=${HISTORY_PAGE}`);
  }

  /** `changeCursor`: the chat's `lastChangeSeq`, read before the page was fetched. */
  addNewest(chatId: string, page: HistoryPage, changeCursor?: number): void {
    this.holder.setConversation(chatId, (c) => ({
      ...confirmNewestPage(c, page.items, changeCursor),
      hasMoreBefore: page.hasMore,
    }));
    this.seqsChanged(chatId);
  }

  /** The page before the oldest message held; false when there is nothing older. */
  async loadOlder(chatId: string, limit = HISTORY_PAGE): Promise<boolean> {
    const conversation = this.holder.state.conversations[chatId];
    const before = conversation && oldestSeq(conversation);
    if (!conversation?.hasMoreBefore || before === undefined) return false;
    const page = await this.deps.http<HistoryPage>(
      `/chats/${chatId}/messages?beforeSeq=${before}&limit=${limit}`,
    );
    this.holder.setConversation(chatId, (c) => ({
      ...confirm(c, page.items),
      hasMoreBefore: page.hasMore,
    }));
    return true;
  }

  /**
   * Loads older pages until the message with this seq is held (a quote or a search result was
   * clicked); false if it cannot be (deleted from the history, or too far back).
   */
  async loadUntil(chatId: string, seq: number, maxPages = 50): Promise<boolean> {
    for (let page = 0; page <= maxPages; page += 1) {
      const conversation = this.holder.state.conversations[chatId];
      if (!conversation) return false;
      if (conversation.messages.some((m) => m.seq === seq)) return true;
      const oldest = oldestSeq(conversation);
      if (oldest !== undefined && oldest < seq) return false;
      if (page === maxPages || !(await this.loadOlder(chatId, REVEAL_PAGE))) return false;
    }
    return false;
  }

  /**
   * Loads older pages until everything from `seq` on is held (the first unread message, where a
   * chat opens); gives up after `maxPages`, leaving the reader to scroll up for the rest.
   */
  async loadBackTo(chatId: string, seq: number, maxPages: number): Promise<void> {
    for (let page = 0; page < maxPages; page += 1) {
      const conversation = this.holder.state.conversations[chatId];
      const oldest = conversation && oldestSeq(conversation);
      if (oldest === undefined || oldest <= seq) return;
      if (!(await this.loadOlder(chatId, REVEAL_PAGE))) return;
    }
  }
}
