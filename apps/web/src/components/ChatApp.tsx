import type { ChatNotifyLevel, OwnUserProfile, SessionEndReason } from '@app/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { describeError } from '../api/http';
import { pushApi } from '../api/push';
import { useChatText } from '../i18n/chat';
import { useCommonText } from '../i18n/i18n';
import { rememberSignedIn } from '../offline/offline-db';
import { showUnreadOnBadge } from '../push/push-session';
import { totalUnread } from '../state/chat-selectors';
import { ChatList } from './ChatList';
import { ChatNotifyContext, type ChatNotifyChoice } from './chat-notify-context';
import { ConnectionBanner } from './ConnectionBanner';
import { GroupInfo } from './GroupInfo';
import { NewGroup } from './NewGroup';
import { PersonPanel } from './PersonPanel';
import { ProfilePanel } from './ProfilePanel';
import { startSignedInApp, type SignedInApp } from './signed-in-app';
import { useChatAddress } from './use-chat-address';

// A chat's view (the composer, mentions, replies, reactions) loads when a chat is first opened.
const ConversationView = lazy(() =>
  import('./ConversationView').then((m) => ({ default: m.ConversationView })),
);

/** The searches' cache (people, messages): only the signed-in app searches. */
const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } });

type PanelKind = 'profile' | 'group' | 'new-group' | { person: string } | null;

/**
 * The signed-in app: one socket and one store for the whole session. `savedProfile`: the server
 * could not be reached, and `me` is the profile kept in this browser (the app opens offline).
 */
export function ChatApp({
  me,
  savedProfile = false,
  onSignedOut,
}: {
  me: OwnUserProfile;
  savedProfile?: boolean;
  onSignedOut: (reason?: SessionEndReason) => void;
}) {
  const [app, setApp] = useState<SignedInApp | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const { app: started, stop } = startSignedInApp(me, {
      savedProfile,
      onSignedOut,
      onLoadError: setError,
    });
    setApp(started);
    return stop;
  }, [me, savedProfile, onSignedOut]);

  if (!app) return null;
  return (
    <QueryClientProvider client={queries}>
      <ChatScreen app={app} loadError={error} onSignedOut={onSignedOut} />
    </QueryClientProvider>
  );
}

function ChatScreen({
  app,
  loadError,
  onSignedOut,
}: {
  app: SignedInApp;
  loadError: string;
  onSignedOut: () => void;
}) {
  const t = useChatText();
  const common = useCommonText();
  const { store, savedShown, levels } = app;
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const showingSaved = useSyncExternalStore(savedShown.subscribe, savedShown.get);
  const levelsNow = useSyncExternalStore(levels.subscribe, levels.snapshot);
  const [panel, setPanel] = useState<PanelKind>(null);
  const [notice, setNotice] = useState('');
  const active = state.activeChatId ? state.chats[state.activeChatId] : undefined;
  const unread = totalUnread(state);

  useEffect(() => {
    // The page's title, and how the tab is called with unread messages: "(3) Chat".
    document.title = unread > 0 ? t('app.titleUnread', { unread }) : t('app.title');
    showUnreadOnBadge(unread);
  }, [unread, t]);

  // The open chat's push level, for its bell menu; a change is saved on the server first.
  const activeId = active?.id;
  const notify = useMemo<ChatNotifyChoice | null>(() => {
    if (!activeId) return null;
    const choose = (level: ChatNotifyLevel) => {
      setNotice('');
      pushApi.setChatLevel(activeId, level).then(
        (view) => {
          store.upsertChat(view);
          // The level the server took; a server without the field (an older one) took ours.
          levels.set(activeId, view.notify ?? level);
        },
        (e: unknown) => setNotice(t('app.notifyFailed', { reason: describeError(e) })),
      );
    };
    return { level: levelsNow[activeId] ?? 'all', choose };
  }, [activeId, levelsNow, levels, store, t]);

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
      <ConnectionBanner connection={state.connection} savedShown={showingSaved} />
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
            {t('app.dismiss')}
          </button>
        </div>
      )}
      {(loadError || notice) && (
        <div role="alert" className="bg-danger-soft px-3 py-1 text-center text-sm text-danger-ink">
          {loadError || notice}
        </div>
      )}
      <div className="flex min-h-0 flex-1">
        {/* The list and the open chat are the page's main part; the panels beside it are
            landmarks of their own (complementary). */}
        <main className="flex min-w-0 flex-1">
          <h1 className="sr-only">{t('app.title')}</h1>
          <ChatList
            store={store}
            state={state}
            className={active ? 'hidden md:flex' : 'flex'}
            onOpen={open}
            onOpenAt={openAt}
            onPanel={setPanel}
          />
          {active ? (
            <Suspense
              fallback={
                <p className="flex-1 p-8 text-center text-muted">{common('app.loading')}</p>
              }
            >
              <ChatNotifyContext.Provider value={notify}>
                <ConversationView
                  key={active.id}
                  store={store}
                  state={state}
                  chat={active}
                  onBack={() => open(null)}
                  onInfo={() => setPanel(panel === 'group' ? null : 'group')}
                  onProfile={(userId) => setPanel({ person: userId })}
                />
              </ChatNotifyContext.Provider>
            </Suspense>
          ) : (
            <div className="hidden flex-1 items-center justify-center text-muted md:flex">
              {t('app.pickChat')}
            </div>
          )}
        </main>
        {panel === 'profile' && (
          <ProfilePanel
            me={state.me}
            onClose={() => setPanel(null)}
            onSignedOut={onSignedOut}
            onChanged={(me) => {
              store.updateMe(me);
              void rememberSignedIn(me).catch(() => undefined);
            }}
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
