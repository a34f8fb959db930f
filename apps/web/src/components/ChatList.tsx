import type { ChatInfo, ChatView } from '@app/contracts';
import { useEffect, useRef, useState } from 'react';
import { api, describeError } from '../api/http';
import { chatText, useChatText } from '../i18n/chat';
import { formatNumber } from '../i18n/format';
import { timeOf } from '../lib/days';
import { canHover } from '../lib/device';
import { summaryOf } from '../lib/message-summary';
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
  const t = useChatText();
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
      aria-label={t('chatList.label')}
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
          <span className="sr-only">{t('chatList.yourProfile')}</span>
        </button>
        <Button variant="ghost" onClick={() => onPanel('new-group')}>
          {t('chatList.newGroup')}
        </Button>
      </header>
      <NotificationsButton />
      <div className="space-y-2 border-b border-line p-3">
        <UserSearch
          ref={search}
          label={t('chatList.searchPeople')}
          onPick={(p) => void startChat(p.id)}
        />
        <ErrorText>{error}</ErrorText>
        <MessageSearch state={state} label={t('chatList.searchMessages')} onOpen={onOpenAt} />
      </div>
      <ul className="flex-1 overflow-y-auto" aria-label={t('chatList.yourChats')}>
        {chats.length === 0 && <li className="p-4 text-sm text-muted">{t('chatList.empty')}</li>}
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
  const t = useChatText();
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
                  <Icon
                    name="bell-off"
                    label={t('chatList.muted')}
                    testId="muted-icon"
                    className="h-4 w-4"
                  />
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
              {typing ? t('chatList.typing') : preview(state, chat)}
            </span>
            <span className="flex shrink-0 gap-1">
              {mentions > 0 && (
                <span
                  data-testid="mention-badge"
                  className="rounded-full bg-amber-700 px-1.5 text-xs font-bold leading-5 text-white"
                >
                  <span aria-hidden="true">@</span>
                  <span className="sr-only">
                    {t('chatList.unreadMentions', { count: mentions })}
                  </span>
                </span>
              )}
              {unread > 0 && (
                <span
                  data-testid="unread-badge"
                  className={`rounded-full px-2 text-xs font-semibold leading-5 text-white ${muted ? 'bg-slate-500' : 'bg-sky-700'}`}
                >
                  {/* The number shows; screen readers hear what it counts: "3 unread". */}
                  <span aria-hidden="true">{formatNumber(unread)}</span>
                  <span className="sr-only">{t('chatList.unread', { count: unread })}</span>
                </span>
              )}
            </span>
          </span>
        </span>
      </button>
    </li>
  );
}

/**
 * The last message in a line: "You: Photo: the view", "📎 report.pdf", "🎤 Voice message",
 * "message deleted", "ada added bob".
 */
function preview(state: ChatState, chat: ChatInfo): string {
  const last = chat.lastMessage;
  if (!last) return chatText(chat.kind === 'group' ? 'preview.groupCreated' : 'preview.noMessages');
  if (last.deletedAt) return chatText('preview.deleted');
  // Collapsed here as in the conversation.
  if (chat.kind === 'group' && isBlocked(state, last.senderId ?? undefined)) {
    return chatText('message.fromBlocked');
  }
  if (last.kind === 'system') return describeSystemEvent(state, chat, last.system ?? null);
  const text = summaryOf(last.kind, last.text, last.attachmentName);
  return last.senderId === state.me.id ? chatText('preview.mine', { text }) : text;
}
