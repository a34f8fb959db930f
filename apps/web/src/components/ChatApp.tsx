import type { OwnUserProfile } from '@app/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api, describeError } from '../api/http';
import { connectRealtime } from '../api/socket';
import { uploadImage } from '../api/upload';
import { chatIdFromHash, hashFor } from '../lib/chat-url';
import { totalUnread } from '../state/chat-selectors';
import { ChatStore } from '../state/chat-store';
import type { NotificationRequest } from '../state/store-deps';
import { ChatList } from './ChatList';
import { GroupInfo } from './GroupInfo';
import { NewGroup } from './NewGroup';
import { PersonPanel } from './PersonPanel';
import { ProfilePanel } from './ProfilePanel';

// A chat's view (the composer, mentions, replies, reactions) loads when a chat is first opened.
const ConversationView = lazy(() =>
  import('./ConversationView').then((m) => ({ default: m.ConversationView })),
);

/** The searches' cache (people, messages): only the signed-in app searches. */
const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } });

type PanelKind = 'profile' | 'group' | 'new-group' | { person: string } | null;

/** The page's title, and how the tab is called with unread messages: "(3) Chat". */
const TITLE = 'Chat';

/** A browser notification, if the person allowed them; clicking it opens the chat. */
function showNotification(request: NotificationRequest, open: (chatId: string) => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const notification = new Notification(request.title, { body: request.body, tag: request.tag });
  notification.onclick = () => {
    window.focus();
    open(request.chatId);
    notification.close();
  };
}

/** This page's address with the hash of `chatId` (none for the chat list). */
function withHash(chatId: string | null): string {
  const { pathname, search } = window.location;
  return `${pathname}${search}${hashFor(chatId)}`;
}

/**
 * The open chat and the address bar follow each other: opening a chat adds a history entry, and
 * Back or Forward (or an edited address) opens the chat of the address.
 */
function useChatAddress(store: ChatStore, activeChatId: string | null): void {
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

/** The signed-in app: one socket and one store for the whole session. */
export function ChatApp({ me, onSignedOut }: { me: OwnUserProfile; onSignedOut: () => void }) {
  const [store, setStore] = useState<ChatStore | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const linked = chatIdFromHash(window.location.hash);
    const link = connectRealtime(onSignedOut);
    const open = (chatId: string) => void created.openChat(chatId).catch(() => undefined);
    const created: ChatStore = new ChatStore(me, link, {
      http: api,
      upload: uploadImage,
      isVisible: () => document.visibilityState === 'visible' && document.hasFocus(),
      describeError,
      objectUrl: { create: (f) => URL.createObjectURL(f), revoke: (u) => URL.revokeObjectURL(u) },
      notify: (request) => showNotification(request, open),
    });
    setStore(created);
    created
      .loadChats()
      .then(() => {
        // A link to a chat (or a reload) opens it once the chat list is there; a link to a chat
        // that is not one of mine (any more) falls back to the list.
        if (linked && created.getState().chats[linked]) open(linked);
        else if (linked) window.history.replaceState(null, '', withHash(null));
      })
      .catch((e: unknown) => setError(describeError(e)));
    const seen = () => created.markSeen();
    document.addEventListener('visibilitychange', seen);
    window.addEventListener('focus', seen);
    return () => {
      document.removeEventListener('visibilitychange', seen);
      window.removeEventListener('focus', seen);
      link.close();
    };
  }, [me, onSignedOut]);

  if (!store) return null;
  return (
    <QueryClientProvider client={queries}>
      <ChatScreen store={store} loadError={error} onSignedOut={onSignedOut} />
    </QueryClientProvider>
  );
}

function ChatScreen({
  store,
  loadError,
  onSignedOut,
}: {
  store: ChatStore;
  loadError: string;
  onSignedOut: () => void;
}) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const [panel, setPanel] = useState<PanelKind>(null);
  const active = state.activeChatId ? state.chats[state.activeChatId] : undefined;
  const unread = totalUnread(state);

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${TITLE}` : TITLE;
  }, [unread]);

  useChatAddress(store, state.activeChatId);

  const open = (chatId: string | null) => {
    if (panel !== 'profile' && panel !== 'new-group') setPanel(null);
    store.openChat(chatId).catch(() => undefined);
  };

  const openAt = (chatId: string, seq: number) => {
    if (panel !== 'profile' && panel !== 'new-group') setPanel(null);
    store.reveal(chatId, seq).catch(() => undefined);
  };

  const person = panel !== null && typeof panel === 'object' ? panel.person : null;
  const personProfile =
    person && active ? active.members.find((m) => m.userId === person)?.profile : undefined;

  return (
    <div className="flex h-full flex-col">
      {state.connection !== 'online' && (
        <div role="status" className="bg-warn-soft px-3 py-1 text-center text-sm text-warn-ink">
          {state.connection === 'connecting'
            ? 'Connecting…'
            : 'Offline: reconnecting… Messages you write are sent once back online.'}
        </div>
      )}
      {state.farewell && (
        <div
          role="status"
          data-testid="farewell"
          className="flex items-center justify-center gap-3 bg-subtle-strong px-3 py-1 text-sm text-ink"
        >
          {state.farewell}
          <button
            type="button"
            className="rounded px-2 underline"
            onClick={() => store.dismissFarewell()}
          >
            Dismiss
          </button>
        </div>
      )}
      {loadError && (
        <div role="alert" className="bg-danger-soft px-3 py-1 text-center text-sm text-danger-ink">
          {loadError}
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        {/* The list and the open chat are the page's main part; the panels beside it are
            landmarks of their own (complementary). */}
        <main className="flex min-w-0 flex-1">
          <h1 className="sr-only">Chat</h1>
          <ChatList
            store={store}
            state={state}
            className={active ? 'hidden md:flex' : 'flex'}
            onOpen={open}
            onOpenAt={openAt}
            onPanel={setPanel}
          />
          {active ? (
            <Suspense fallback={<p className="flex-1 p-8 text-center text-muted">Loading…</p>}>
              <ConversationView
                key={active.id}
                store={store}
                state={state}
                chat={active}
                onBack={() => open(null)}
                onInfo={() => setPanel(panel === 'group' ? null : 'group')}
                onProfile={(userId) => setPanel({ person: userId })}
              />
            </Suspense>
          ) : (
            <div className="hidden flex-1 items-center justify-center text-muted md:flex">
              Pick a chat, or search for someone to start one.
            </div>
          )}
        </main>
        {panel === 'profile' && (
          <ProfilePanel
            me={state.me}
            onClose={() => setPanel(null)}
            onSignedOut={onSignedOut}
            onChanged={(me) => store.updateMe(me)}
          />
        )}
        {panel === 'new-group' && (
          <NewGroup
            onClose={() => setPanel(null)}
            onCreated={(chat) => {
              store.upsertChat(chat);
              setPanel(null);
              open(chat.id);
            }}
          />
        )}
        {person && (
          <PersonPanel
            store={store}
            state={state}
            userId={person}
            profile={personProfile ?? null}
            onClose={() => setPanel(null)}
          />
        )}
        {panel === 'group' && active && (
          <GroupInfo store={store} state={state} chat={active} onClose={() => setPanel(null)} />
        )}
      </div>
    </div>
  );
}
