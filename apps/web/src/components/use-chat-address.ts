import { useEffect, useRef } from 'react';
import { chatIdFromHash, hashFor } from '../lib/chat-url';
import type { ChatStore } from '../state/chat-store';

/** This page's address with the hash of `chatId` (none for the chat list). */
export function withHash(chatId: string | null): string {
  const { pathname, search } = window.location;
  return `${pathname}${search}${hashFor(chatId)}`;
}

/**
 * The open chat and the address bar follow each other: opening a chat adds a history entry, and
 * Back or Forward (or an edited address) opens the chat of the address.
 */
export function useChatAddress(store: ChatStore, activeChatId: string | null): void {
  // Not on the first render: the address may name a chat that opens once the list has loaded.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (chatIdFromHash(window.location.hash) === activeChatId) return;
    window.history.pushState(null, '', withHash(activeChatId));
  }, [activeChatId]);
  useEffect(() => {
    const follow = () => {
      const chatId = chatIdFromHash(window.location.hash);
      if (chatId !== store.getState().activeChatId) store.openChat(chatId).catch(() => undefined);
    };
    window.addEventListener('popstate', follow);
    window.addEventListener('hashchange', follow);
    return () => {
      window.removeEventListener('popstate', follow);
      window.removeEventListener('hashchange', follow);
    };
  }, [store]);
}
