import type { ChatInfo, OwnUserProfile, SessionEndReason } from '@app/contracts';
import { api, describeError } from '../api/http';
import { connectRealtime } from '../api/socket';
import { uploadFile, uploadImage } from '../api/upload';
import { chatIdFromHash } from '../lib/chat-url';
import { rememberSignedIn } from '../offline/offline-db';
import { OfflineSession } from '../offline/offline-session';
import type { SavedDataFlag } from '../offline/saved-flag';
import { startPush } from '../push/push-session';
import { ChatStore } from '../state/chat-store';
import { NotifyLevels } from '../state/notify-levels';
import type { OutboxDeps } from '../state/outbox-storage';
import { showNotification } from './page-notification';
import { withHash } from './use-chat-address';

/** What the signed-in screens use: the store, whether it shows kept data, my push levels. */
export interface SignedInApp {
  store: ChatStore;
  savedShown: SavedDataFlag;
  levels: NotifyLevels;
}

export interface SignedInOptions {
  /** `me` is the kept profile (the server could not be reached): asked again once connected. */
  savedProfile: boolean;
  /** With the server's reason when it ended the session (`session:ended`). */
  onSignedOut: (reason?: SessionEndReason) => void;
  onLoadError: (message: string) => void;
}

/**
 * Starts the signed-in app: one socket, one store, the data kept for offline use, push, and the
 * page's own notifications and read marks. Returns it with its stop (sign-out, or someone else
 * signing in).
 */
export function startSignedInApp(
  me: OwnUserProfile,
  options: SignedInOptions,
): { app: SignedInApp; stop: () => void } {
  const linked = chatIdFromHash(window.location.hash);
  const offline = new OfflineSession(me.id);
  const link = connectRealtime(options.onSignedOut);
  const open = (chatId: string) => void store.openChat(chatId).catch(() => undefined);
  const deps: OutboxDeps = {
    http: offline.http,
    upload: uploadImage,
    uploadFile,
    isVisible: () => document.visibilityState === 'visible' && document.hasFocus(),
    describeError,
    objectUrl: { create: (f) => URL.createObjectURL(f), revoke: (u) => URL.revokeObjectURL(u) },
    notify: (request) => showNotification(request, open),
    outboxStorage: offline.store.outbox,
  };
  const store: ChatStore = new ChatStore(me, link, deps);
  const detachOffline = offline.attach(store, link);

  const levels = new NotifyLevels();
  let chatsSeen: Record<string, ChatInfo> | null = null;
  const stopLevels = store.subscribe(() => {
    const { chats } = store.getState();
    if (chats !== chatsSeen) levels.note(Object.values(chats));
    chatsSeen = chats;
  });

  if (options.savedProfile) {
    let asked = false;
    link.onConnectionChange((connected) => {
      if (!connected || asked) return;
      asked = true;
      api<OwnUserProfile>('/users/me').then(
        (fresh) => {
          store.updateMe(fresh);
          void rememberSignedIn(fresh).catch(() => undefined);
        },
        () => undefined,
      );
    });
  }
  const stopPush = startPush(open);

  // The chat list: loaded now (from the server, or what was kept), and again on connecting if
  // that failed (opened offline with nothing kept yet), so the page never stays empty.
  let listState: 'loading' | 'loaded' | 'failed' = 'loading';
  const loadList = () => {
    listState = 'loading';
    store.loadChats().then(
      () => {
        listState = 'loaded';
        offline.listLoaded();
        options.onLoadError('');
        // A link to a chat (or a reload) opens it once the chat list is there; a link to a chat
        // that is not one of mine (any more) falls back to the list.
        if (linked && store.getState().chats[linked]) open(linked);
        else if (linked) window.history.replaceState(null, '', withHash(null));
      },
      (e: unknown) => {
        listState = 'failed';
        options.onLoadError(describeError(e));
      },
    );
  };
  loadList();
  link.onConnectionChange((connected) => {
    if (connected && listState === 'failed') loadList();
  });
  const seen = () => store.markSeen();
  document.addEventListener('visibilitychange', seen);
  window.addEventListener('focus', seen);

  const stop = () => {
    document.removeEventListener('visibilitychange', seen);
    window.removeEventListener('focus', seen);
    stopLevels();
    stopPush();
    detachOffline();
    link.close();
  };
  return { app: { store, savedShown: offline.savedShown, levels }, stop };
}
