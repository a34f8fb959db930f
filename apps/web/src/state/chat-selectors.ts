import type { ChatInfo } from '@app/contracts';
import type { ChatState } from './chat-state';

/** Newest activity first. */
export const sortedChats = (state: ChatState): ChatInfo[] =>
  Object.values(state.chats).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

export const myMember = (state: ChatState, chat: ChatInfo) =>
  chat.members.find((m) => m.userId === state.me.id);

export const unreadCount = (state: ChatState, chat: ChatInfo): number =>
  Math.max(0, chat.lastSeq - (myMember(state, chat)?.lastReadSeq ?? chat.lastSeq));

/** The other person of a direct chat. */
export const partnerOf = (state: ChatState, chat: ChatInfo) =>
  chat.kind === 'direct' ? chat.members.find((m) => m.userId !== state.me.id) : undefined;

export const chatTitle = (state: ChatState, chat: ChatInfo): string =>
  chat.name ?? partnerOf(state, chat)?.profile?.name ?? 'Deleted account';
