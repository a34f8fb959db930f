import type { ChatInfo, ChatView } from '@app/contracts';
import { useState } from 'react';
import { api, describeError } from '../api/http';
import { timeOf } from '../lib/days';
import {
  chatTitle,
  isBlocked,
  isMuted,
  knownPresence,
  partnerOf,
  sortedChats,
  unreadCount,
  unreadMentions,
} from '../state/chat-selectors';
import type { ChatState } from '../state/chat-state';
import type { ChatStore } from '../state/chat-store';
import { Avatar } from './Avatar';
import { Icon } from './icons';
import { FROM_BLOCKED } from './MessageBubble';
import { MessageSearch } from './MessageSearch';
import { NotificationsButton } from './NotificationsButton';
import { describeSystemEvent } from './system-text';
import { Button, ErrorText } from './ui';
import { UserSearch } from './UserSearch';

export function ChatList({
  store,
  state,
  className,
  onOpen,
  onOpenAt,
  onPanel,
}: {
  store: ChatStore;
  state: ChatState;
  className: string;
  onOpen: (chatId: string) => void;
  /** Opens a chat at one message (a search result). */
  onOpenAt: (chatId: string, seq: number) => void;
  onPanel: (panel: 'profile' | 'new-group') => void;
}) {
  const [error, setError] = useState('');
  // Refused (403) while either of us blocked the other.
  const startChat = async (userId: string) => {
    setError('');
    try {
      const chat = await api<ChatView>('/chats/direct', { method: 'POST', json: { userId } });
      store.upsertChat(chat);
      onOpen(chat.id);
    } catch (e) {
      setError(describeError(e));
    }
  };
  const chats = sortedChats(state);
  return (
    <nav
      aria-label="Chats"
      className={`${className} w-full flex-col border-r border-slate-200 bg-white md:w-80`}
    >
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 p-3">
        <button
          type="button"
          aria-label="Your profile"
          className="flex items-center gap-2 rounded-md p-1 hover:bg-slate-100"
          onClick={() => onPanel('profile')}
        >
          <Avatar profile={state.me} name={state.me.name} size="sm" />
          <span className="font-semibold">{state.me.name}</span>
        </button>
        <Button variant="ghost" onClick={() => onPanel('new-group')}>
          New group
        </Button>
      </header>
      <NotificationsButton />
      <div className="space-y-2 border-b border-slate-200 p-3">
        <UserSearch label="Search people to chat with" onPick={(p) => void startChat(p.id)} />
        <ErrorText>{error}</ErrorText>
        <MessageSearch state={state} label="Search messages" onOpen={onOpenAt} />
      </div>
      <ul className="flex-1 overflow-y-auto" aria-label="Your chats">
        {chats.length === 0 && (
          <li className="p-4 text-sm text-slate-500">No chats yet. Search for someone above.</li>
        )}
        {chats.map((chat) => (
          <ChatRow
            key={chat.id}
            state={state}
            chat={chat}
            active={chat.id === state.activeChatId}
            onOpen={() => onOpen(chat.id)}
          />
        ))}
      </ul>
    </nav>
  );
}

function ChatRow({
  state,
  chat,
  active,
  onOpen,
}: {
  state: ChatState;
  chat: ChatInfo;
  active: boolean;
  onOpen: () => void;
}) {
  const title = chatTitle(state, chat);
  const partner = partnerOf(state, chat);
  const unread = unreadCount(state, chat);
  const mentions = unreadMentions(state, chat);
  const muted = isMuted(state, chat.id);
  const typing = (state.typing[chat.id] ?? []).length > 0;
  return (
    <li>
      <button
        type="button"
        aria-current={active ? 'true' : undefined}
        data-testid="chat-row"
        className={`flex w-full items-center gap-3 px-3 py-2 text-left hover:bg-slate-50 focus:bg-slate-100 focus:outline-none ${active ? 'bg-sky-50' : ''}`}
        onClick={onOpen}
      >
        <Avatar
          profile={partner?.profile}
          name={title}
          online={partner ? knownPresence(state, partner.userId)?.online : undefined}
        />
        <span className="min-w-0 flex-1">
          <span className="flex justify-between gap-2">
            <span className="flex min-w-0 items-center gap-1">
              <span className="truncate font-medium">{title}</span>
              {muted && (
                <span className="shrink-0 text-slate-400">
                  <Icon name="bell-off" label="Muted" testId="muted-icon" className="h-4 w-4" />
                </span>
              )}
            </span>
            {chat.lastMessage && (
              <span className="shrink-0 text-xs text-slate-500">
                {timeOf(chat.lastMessage.createdAt)}
              </span>
            )}
          </span>
          <span className="flex justify-between gap-2">
            <span className="truncate text-sm text-slate-500">
              {typing ? 'typing…' : preview(state, chat)}
            </span>
            <span className="flex shrink-0 gap-1">
              {mentions > 0 && (
                <span
                  data-testid="mention-badge"
                  aria-label={`${mentions} unread ${mentions === 1 ? 'mention' : 'mentions'} of you`}
                  className="rounded-full bg-amber-500 px-1.5 text-xs font-bold leading-5 text-white"
                >
                  @
                </span>
              )}
              {unread > 0 && (
                <span
                  data-testid="unread-badge"
                  aria-label={`${unread} unread`}
                  className={`rounded-full px-2 text-xs font-semibold leading-5 text-white ${muted ? 'bg-slate-400' : 'bg-sky-600'}`}
                >
                  {unread}
                </span>
              )}
            </span>
          </span>
        </span>
      </button>
    </li>
  );
}

function preview(state: ChatState, chat: ChatInfo): string {
  const last = chat.lastMessage;
  if (!last) return chat.kind === 'group' ? 'Group created' : 'No messages yet';
  const mine = last.senderId === state.me.id ? 'You: ' : '';
  if (last.deletedAt) return 'message deleted';
  // Collapsed here as in the conversation.
  if (chat.kind === 'group' && isBlocked(state, last.senderId ?? undefined)) {
    return FROM_BLOCKED;
  }
  if (last.kind === 'image') return `${mine}Photo${last.text ? `: ${last.text}` : ''}`;
  if (last.kind === 'system') return describeSystemEvent(state, chat, null) ?? '';
  return `${mine}${last.text ?? ''}`;
}
