import type { OfflineStore } from './offline-store';

/** The first page of the chat list, as the store asks for it; the whole list is kept under it. */
export const CHAT_LIST_PATH = '/chats?limit=50';
/** A chat's newest page, when it is opened: answered from its kept messages. */
const NEWEST_PAGE = /^\/chats\/([0-9a-f-]{36})\/messages\?limit=\d+$/i;
/** Answers kept exactly as the server gave them. */
export const KEPT_AS_IS: ReadonlySet<string> = new Set(['/users/me/blocks']);

/** What was kept for a GET of `path`, in the shape the server answers it; undefined if nothing. */
export async function savedAnswer(store: OfflineStore, path: string): Promise<unknown> {
  if (path === CHAT_LIST_PATH || KEPT_AS_IS.has(path)) return store.answer(path);
  const chatId = NEWEST_PAGE.exec(path)?.[1];
  if (!chatId) return undefined;
  const saved = await store.conversation(chatId);
  return saved && { items: saved.messages, hasMore: saved.hasMoreBefore };
}
