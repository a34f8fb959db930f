import type { ChatInfo } from '@app/contracts';
import { useLayoutEffect, useRef, useState } from 'react';
import { withDaySeparators } from '../lib/days';
import { emptyConversation } from '../lib/conversation';
import { chatTitle, partnerOf } from '../state/chat-selectors';
import type { ChatState } from '../state/chat-state';
import type { ChatStore } from '../state/chat-store';
import { Avatar } from './Avatar';
import { Composer } from './Composer';
import { ImageViewer } from './ImageViewer';
import { MessageBubble, PendingBubble } from './MessageBubble';
import { Button } from './ui';

export function ConversationView({
  store,
  state,
  chat,
  onBack,
  onInfo,
}: {
  store: ChatStore;
  state: ChatState;
  chat: ChatInfo;
  onBack: () => void;
  onInfo: () => void;
}) {
  const conversation = state.conversations[chat.id] ?? emptyConversation();
  const [viewing, setViewing] = useState<{ url: string; alt: string } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const loadingOlder = useRef(false);
  const title = chatTitle(state, chat);

  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    if (heightBeforeOlder.current !== null) {
      // Older messages were put above: keep what the reader was looking at in place.
      box.scrollTop += box.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (atBottom.current) {
      box.scrollTop = box.scrollHeight;
    }
  }, [conversation.messages, conversation.pending]);

  const onScroll = () => {
    const box = scroller.current;
    if (!box) return;
    atBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    if (box.scrollTop < 120 && conversation.hasMoreBefore && !loadingOlder.current) {
      loadingOlder.current = true;
      heightBeforeOlder.current = box.scrollHeight;
      store
        .loadOlder(chat.id)
        .catch(() => (heightBeforeOlder.current = null))
        .finally(() => (loadingOlder.current = false));
    }
  };

  return (
    <section
      aria-label={`Conversation with ${title}`}
      className="flex min-w-0 flex-1 flex-col bg-slate-50"
    >
      <header className="flex items-center gap-2 border-b border-slate-200 bg-white p-2">
        <Button variant="ghost" className="md:hidden" onClick={onBack} aria-label="Back to chats">
          ←
        </Button>
        <Avatar
          profile={partnerOf(state, chat)?.profile}
          name={title}
          online={onlineOf(state, chat)}
        />
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold">{title}</h2>
          <p
            className="truncate text-xs text-slate-500"
            aria-live="polite"
            data-testid="chat-status"
          >
            {statusLine(state, chat)}
          </p>
        </div>
        {chat.kind === 'group' && (
          <Button variant="ghost" onClick={onInfo}>
            Group info
          </Button>
        )}
      </header>
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label="Messages"
        className="flex-1 space-y-1 overflow-y-auto p-3"
      >
        {conversation.hasMoreBefore && (
          <p className="text-center text-xs text-slate-400">Scroll up for older messages</p>
        )}
        {withDaySeparators(conversation.messages).map((item) =>
          item.type === 'day' ? (
            <p key={item.key} className="py-2 text-center text-xs font-medium text-slate-500">
              {item.label}
            </p>
          ) : (
            <MessageBubble
              key={item.key}
              state={state}
              chat={chat}
              message={item.message}
              onView={setViewing}
            />
          ),
        )}
        {conversation.pending.map((pending) => (
          <PendingBubble
            key={pending.clientMessageId}
            pending={pending}
            onRetry={() => store.retry(chat.id, pending.clientMessageId)}
            onDiscard={() => store.discard(chat.id, pending.clientMessageId)}
          />
        ))}
      </div>
      <Composer
        key={chat.id}
        onSend={(text, image) => {
          atBottom.current = true;
          store.send(chat.id, text, image);
        }}
        onEdit={(text) => store.composing(chat.id, text)}
      />
      {viewing && <ImageViewer {...viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}

function onlineOf(state: ChatState, chat: ChatInfo): boolean | undefined {
  const partner = partnerOf(state, chat);
  return partner ? state.presence[partner.userId]?.online : undefined;
}

function statusLine(state: ChatState, chat: ChatInfo): string {
  const typing = (state.typing[chat.id] ?? []).map(
    (id) => chat.members.find((m) => m.userId === id)?.profile?.name ?? 'Someone',
  );
  if (typing.length === 1) return `${typing[0]} is typing…`;
  if (typing.length > 1) return `${typing.join(', ')} are typing…`;
  if (chat.kind === 'group') return `${chat.members.length} members`;
  const partner = partnerOf(state, chat);
  if (!partner) return '';
  const presence = state.presence[partner.userId];
  if (presence?.online) return 'online';
  const lastSeen = presence?.lastSeenAt ?? partner.profile?.lastSeenAt;
  return lastSeen ? `last seen ${new Date(lastSeen).toLocaleString()}` : 'offline';
}
