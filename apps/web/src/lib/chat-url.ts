/**
 * Each chat has its own address, `#/chat/<id>`: a link to it opens it after sign-in, a reload
 * keeps it open, and Back goes to the chat before (or the list). A hash needs nothing from the
 * server, so the same addresses work in the single process and behind nginx.
 */
const CHAT_HASH = /^#\/chat\/([0-9a-f-]{36})$/i;

export function chatIdFromHash(hash: string): string | null {
  return CHAT_HASH.exec(hash)?.[1] ?? null;
}

export function hashFor(chatId: string | null): string {
  return chatId ? `#/chat/${chatId}` : '';
}
