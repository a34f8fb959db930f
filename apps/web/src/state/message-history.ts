import type { ChatMessage } from '@app/contracts';
import { confirm, confirmNewestPage, oldestSeq } from '../lib/conversation';
import type { ChatStateHolder } from './chat-state';
import type { StoreDeps } from './store-deps';

const HISTORY_PAGE = 50;

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

  addNewest(chatId: string, page: HistoryPage): void {
    this.holder.setConversation(chatId, (c) => ({
      ...confirmNewestPage(c, page.items),
      hasMoreBefore: page.hasMore,
    }));
    this.seqsChanged(chatId);
  }

  /** The page before the oldest message held; false when there is nothing older. */
  async loadOlder(chatId: string): Promise<boolean> {
    const conversation = this.holder.state.conversations[chatId];
    const before = conversation && oldestSeq(conversation);
    if (!conversation?.hasMoreBefore || before === undefined) return false;
    const page = await this.deps.http<HistoryPage>(
      `/chats/${chatId}/messages?beforeSeq=${before}&limit=${HISTORY_PAGE}`,
    );
    this.holder.setConversation(chatId, (c) => ({
      ...confirm(c, page.items),
      hasMoreBefore: page.hasMore,
    }));
    return true;
  }
}
