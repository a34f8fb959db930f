import type {
  ChatMessage,
  ChatSyncPayload,
  ChatSyncResult,
  ChatView,
  ClientToServerEvents,
  OwnUserProfile,
  ServerToClientEvents,
} from '@app/contracts';
import { ChatStore } from '../state/chat-store';
import type { AckData, Payload, RealtimeLink } from '../state/realtime-link';
import type { StoreDeps } from '../state/store-deps';

/** Fixtures the store's specs share: one direct chat between me and Bob, a socket under control. */
export const ME = 'me';
export const BOB = 'bob';
export const CHAT = 'chat-1';

export const me: OwnUserProfile = {
  id: ME,
  name: 'Me',
  handle: 'me',
  email: 'me@example.com',
  avatarUrl: null,
  avatarThumbnailUrl: null,
  hasPassword: false,
  createdAt: '2026-11-21T09:00:00.000Z',
};

/** The chat as the list shows it to me: changes numbered like seqs unless told. */
export const chat = (lastSeq: number, myRead = lastSeq, lastChangeSeq = lastSeq): ChatView => ({
  id: CHAT,
  kind: 'direct',
  name: null,
  createdBy: ME,
  createdAt: '2026-11-21T09:00:00.000Z',
  updatedAt: '2026-11-21T09:00:00.000Z',
  lastSeq,
  lastChangeSeq,
  lastMessage: null,
  formerMembers: [],
  members: [
    { userId: ME, role: 'member', lastReadSeq: myRead, lastDeliveredSeq: myRead, profile: null },
    { userId: BOB, role: 'member', lastReadSeq: 0, lastDeliveredSeq: 0, profile: null },
  ],
  unreadCount: Math.max(0, lastSeq - myRead),
  unreadMentions: 0,
  myRole: 'member',
  muted: false,
  mutedUntil: null,
  notify: 'all',
});

/** A text message as sent (its changeSeq is its seq until it changes). */
export const message = (
  seq: number,
  senderId = BOB,
  clientMessageId: string | null = null,
): ChatMessage => ({
  id: `m${seq}`,
  chatId: CHAT,
  seq,
  senderId,
  clientMessageId,
  kind: 'text',
  text: `#${seq}`,
  mediaId: null,
  media: null,
  file: null,
  system: null,
  createdAt: new Date(Date.UTC(2026, 10, 21, 9, seq)).toISOString(),
  changeSeq: seq,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
  mentions: [],
  previews: [],
});

type Handler = (payload: never) => void;

/** A socket under the test's control: it records requests and answers them with `answer`. */
/** A later copy of a message: edited to `text` at change `changeSeq`. */
export const edited = (m: ChatMessage, changeSeq: number, text: string): ChatMessage => ({
  ...m,
  text,
  changeSeq,
  editedAt: '2026-11-21T10:00:00.000Z',
});

/** A later copy of a message: deleted for everyone at change `changeSeq` (a tombstone). */
export const deleted = (m: ChatMessage, changeSeq: number): ChatMessage => ({
  ...m,
  text: null,
  changeSeq,
  deletedAt: '2026-11-21T10:00:00.000Z',
  reactions: [],
  mentions: [],
});

export class FakeLink implements RealtimeLink {
  connected = false;
  readonly sent: Array<{ event: string; payload: unknown }> = [];
  answer: (event: string, payload: unknown) => unknown = () => null;
  private readonly handlers = new Map<string, Handler[]>();
  private readonly connection: Array<(connected: boolean) => void> = [];

  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }

  onConnectionChange(handler: (connected: boolean) => void): void {
    this.connection.push(handler);
  }

  request<E extends keyof ClientToServerEvents>(
    event: E,
    payload: Payload<E>,
  ): Promise<AckData<E>> {
    this.sent.push({ event, payload });
    try {
      return Promise.resolve(this.answer(event, payload) as AckData<E>);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  emit<E extends keyof ServerToClientEvents>(
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void {
    for (const handler of this.handlers.get(event) ?? []) {
      (handler as (p: typeof payload) => void)(payload);
    }
  }

  setConnected(connected: boolean): void {
    this.connected = connected;
    for (const handler of this.connection) handler(connected);
  }

  requests(event: string): unknown[] {
    return this.sent.filter((s) => s.event === event).map((s) => s.payload);
  }
}

export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A store whose HTTP answers come from `history` (the chat's messages, oldest first) and
 * `view` (the chat list's one chat); `routes` answers any other path.
 */
export function setup(
  history: ChatMessage[] = [],
  options: {
    view?: ChatView;
    routes?: (path: string, init?: { method?: string; json?: unknown }) => unknown;
    deps?: Partial<StoreDeps>;
  } = {},
) {
  const link = new FakeLink();
  const http = jest.fn(async (path: string, init?: { method?: string; json?: unknown }) => {
    if (path.startsWith('/chats?')) {
      return { items: [options.view ?? chat(history.at(-1)?.seq ?? 0)], nextCursor: null };
    }
    if (path === '/users/me/blocks') return [];
    if (path.startsWith(`/chats/${CHAT}/messages?`)) {
      return { items: [...history].reverse(), hasMore: false };
    }
    if (options.routes) return options.routes(path, init);
    throw new Error(`unexpected ${path}`);
  });
  const deps: StoreDeps = {
    http: http as StoreDeps['http'],
    upload: jest.fn(),
    uploadFile: jest.fn(),
    isVisible: () => true,
    describeError: (e) => String(e),
    ...options.deps,
  };
  const store = new ChatStore(me, link, deps);
  return { store, link, http };
}

/** What the server answers to chat:sync when it holds `stored` and has no changes to tell. */
export const syncAnswer = (
  stored: readonly ChatMessage[],
  { cursors }: ChatSyncPayload,
): ChatSyncResult => ({
  chats: cursors.map(({ chatId, afterSeq, afterChangeSeq }) => ({
    chatId,
    messages: stored.filter((m) => m.chatId === chatId && m.seq > afterSeq),
    changed: [],
    hasMore: false,
    nextAfterChangeSeq: afterChangeSeq ?? 0,
  })),
  notFound: [],
});

export const seqsShown = (store: ChatStore): number[] =>
  store.getState().conversations[CHAT]?.messages.map((m) => m.seq) ?? [];

/** The copy of one message the store shows. */
export const shown = (store: ChatStore, seq: number): ChatMessage | undefined =>
  store.getState().conversations[CHAT]?.messages.find((m) => m.seq === seq);
