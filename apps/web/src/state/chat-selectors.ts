import type { ChatInfo, ChatMessage } from '@app/contracts';
import { chatText } from '../i18n/chat';
import { heldCopy } from '../lib/conversation';
import { fresher, quotedFrom } from '../lib/message-merge';
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
  chat.name ?? partnerOf(state, chat)?.profile?.name ?? chatText('people.deletedAccount');

/**
 * The profile of someone in the chat's history: a member, or someone who left or was removed
 * (the server names the recent leavers, so what they wrote keeps their name).
 */
export const profileInChat = (chat: ChatInfo, userId: string | null) =>
  (
    chat.members.find((m) => m.userId === userId) ??
    chat.formerMembers?.find((f) => f.userId === userId)
  )?.profile ?? undefined;

/** The name someone of the chat shows under, or a stand-in for an account that no longer exists. */
export const memberName = (chat: ChatInfo, userId: string | null): string =>
  profileInChat(chat, userId)?.name ?? chatText('people.someone');

/** Muted now: a mute whose end has passed is over, even before the server says so. */
export function isMuted(state: ChatState, chatId: string, now = Date.now()): boolean {
  const mute = state.mutes[chatId];
  if (!mute?.muted) return false;
  return mute.mutedUntil === null || Date.parse(mute.mutedUntil) > now;
}

/** Unread messages that mention me: they go as my read mark passes them. */
export function unreadMentions(state: ChatState, chat: ChatInfo): number {
  const tally = state.mentions[chat.id];
  if (!tally) return 0;
  const myRead = myMember(state, chat)?.lastReadSeq ?? chat.lastSeq;
  const base = myRead < tally.asOfSeq ? tally.base : 0;
  return base + tally.seqs.filter((seq) => seq > myRead).length;
}

/** Unread messages in all my chats: the number in the tab's title. */
export const totalUnread = (state: ChatState): number =>
  Object.values(state.chats).reduce((sum, chat) => sum + unreadCount(state, chat), 0);

/**
 * Someone's presence as far as it is known: nothing while I am not connected, when what presence
 * said before may no longer be true (every view greys it out rather than show it stale).
 */
export const knownPresence = (state: ChatState, userId: string) =>
  state.connection === 'online' ? state.presence[userId] : undefined;

export const isBlocked = (state: ChatState, userId: string | undefined): boolean =>
  userId !== undefined && state.blocked.includes(userId);

/**
 * A copy of a message from outside the store (a live event, a search result) as it should show:
 * the copy the store holds when that one is fresher (edited or deleted since), and its quote
 * derived from the original held, as the conversation shows it.
 */
export function currentCopy(state: ChatState, message: ChatMessage): ChatMessage {
  const conversation = state.conversations[message.chatId];
  const copy = fresher(heldCopy(conversation, message.seq), message);
  return copy.replyTo ? quotedFrom(copy, heldCopy(conversation, copy.replyTo.seq)) : copy;
}

/** Search results as they are now: in chats I am in, the fresher copy held, none deleted. */
export const currentResults = (state: ChatState, found: readonly ChatMessage[]): ChatMessage[] =>
  found
    .filter((m) => state.chats[m.chatId])
    .map((m) => currentCopy(state, m))
    .filter((m) => !m.deletedAt);

/** The name of the file a quoted message carries, where a copy of it is held ("📎 name"). */
export const quotedFileName = (state: ChatState, chatId: string, seq: number): string | null =>
  heldCopy(state.conversations[chatId], seq)?.file?.name ?? null;
