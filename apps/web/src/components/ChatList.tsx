import type { ChatInfo, ChatView } from '@app/contracts';
import { useEffect, useRef, useState } from 'react';
import { api, describeError } from '../api/http';
import { timeOf } from '../lib/days';
import { canHover } from '../lib/device';
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
  const search = useRef<HTMLInputElement>(null);
  // Just signed in, the form that had the focus is gone: the focus starts where the work does
  // (not on a touch screen, where it would pop the keyboard up), unless something took it.
  useEffect(() => {
    if (document.activeElement === document.body && canHover()) search.current?.focus();
  }, []);
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
      className={`${className} w-full flex-col border-r border-line bg-surface md:w-80`}
    >
      <header className="flex items-center justify-between gap-2 border-b border-line p-3">
        {/* Named by what it shows (the name), and what it is: a name that did not contain the
            visible text ("Your profile" over "ada") is lost on people who speak to click. */}
        <button
          type="button"
          className="flex min-w-0 items-center gap-2 rounded-md p-1 hover:bg-subtle"
          onClick={() => onPanel('profile')}
        >
          <Avatar id={state.me.id} profile={state.me} name={state.me.name} size="sm" />
          <span className="truncate font-semibold">{state.me.name}</span>
          <span className="sr-only">, your profile</span>
        </button>
        <Button variant="ghost" onClick={() => onPanel('new-group')}>
          New group
        </Button>
      </header>
      <NotificationsButton />
      <div className="space-y-2 border-b border-line p-3">
        <UserSearch
          ref={search}
          label="Search people to chat with"
          onPick={(p) => void startChat(p.id)}
        />
        <ErrorText>{error}</ErrorText>
        <MessageSearch state={state} label="Search messages" onOpen={onOpenAt} />
      </div>
      <ul className="flex-1 overflow-y-auto" aria-label="Your chats">
        {chats.length === 0 && (
          <li className="p-4 text-sm text-muted">No chats yet. Search for someone above.</li>
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
        className={`flex w-full items-center gap-3 px-3 py-2 text-left outline-offset-[-2px] hover:bg-subtle ${active ? 'bg-accent-soft' : ''}`}
        onClick={onOpen}
      >
        <Avatar
          id={partner?.userId ?? chat.id}
          profile={partner?.profile}
          name={title}
          online={partner ? knownPresence(state, partner.userId)?.online : undefined}
        />
        <span className="min-w-0 flex-1">
          <span className="flex justify-between gap-2">
            <span className="flex min-w-0 items-center gap-1">
              <span className="truncate font-medium">{title}</span>
              {muted && (
                <span className="shrink-0 text-muted">
                  <Icon name="bell-off" label="Muted" testId="muted-icon" className="h-4 w-4" />
                </span>
              )}
            </span>
            {chat.lastMessage && (
              <span className="shrink-0 text-xs text-muted">
                {timeOf(chat.lastMessage.createdAt)}
              </span>
            )}
          </span>
          <span className="flex justify-between gap-2">
            <span className="truncate text-sm text-muted">
              {typing ? 'typing…' : preview(state, chat)}
            </span>
            <span className="flex shrink-0 gap-1">
              {mentions > 0 && (
                <span
                  data-testid="mention-badge"
                  className="rounded-full bg-amber-700 px-1.5 text-xs font-bold leading-5 text-white"
                >
                  <span aria-hidden="true">@</span>
                  <span className="sr-only">
                    {`${mentions} unread ${mentions === 1 ? 'mention' : 'mentions'} of you`}
                  </span>
                </span>
              )}
              {unread > 0 && (
                <span
                  data-testid="unread-badge"
                  className={`rounded-full px-2 text-xs font-semibold leading-5 text-white ${muted ? 'bg-slate-500' : 'bg-sky-700'}`}
                >
                  {unread}
                  <span className="sr-only"> unread</span>
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
  if (last.kind === 'system') return describeSystemEvent(state, chat, last.system ?? null);
  return `${mine}${last.text ?? ''}`;
}
