import type { ChatMessage } from '@app/contracts';

/** A message typed here and not yet confirmed by the server. */
export interface PendingMessage {
  clientMessageId: string;
  chatId: string;
  text: string;
  image?: {
    file: Blob;
    /** Object URL for the preview; revoked when the message is confirmed or discarded. */
    previewUrl: string;
    /** Set once uploaded, so a retry sends without uploading again. */
    mediaId?: string;
    /** 0..1 */
    progress: number;
  };
  status: 'sending' | 'failed';
  error?: string;
  createdAt: string;
}

/** One chat's messages as the client holds them. */
export interface Conversation {
  /** Confirmed messages, ascending by seq, each seq once. */
  messages: ChatMessage[];
  pending: PendingMessage[];
  /** Older messages exist on the server (scrolling up loads them). */
  hasMoreBefore: boolean;
  /** The first page has been fetched. */
  loaded: boolean;
  /**
   * Catch-up resumes after this seq: every message from the oldest of the first page loaded (the
   * point from which this client holds the chat) up to here is held, or the server's catch-up
   * stepped over it as never stored. Not the newest seq held: live fan-out can bring n+1 before
   * n, and resuming after n+1 would lose n for good.
   */
  syncedSeq: number;
}

export const emptyConversation = (): Conversation => ({
  messages: [],
  pending: [],
  hasMoreBefore: false,
  loaded: false,
  syncedSeq: 0,
});

/**
 * Merges messages from any source (a history page, a live event, an acknowledgement, a catch-up)
 * into the confirmed list: ordered by seq, and a seq seen twice is kept once, so overlapping
 * sources never show a message twice.
 */
export function mergeMessages(
  existing: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  if (incoming.length === 0) return existing as ChatMessage[];
  const bySeq = new Map<number, ChatMessage>();
  for (const message of existing) bySeq.set(message.seq, message);
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * Adds confirmed messages to a conversation and drops the pending ones they confirm. The synced
 * seq moves only through seqs now held: a live message past a missing one leaves it where it is.
 */
export function confirm(
  conversation: Conversation,
  incoming: readonly ChatMessage[],
): Conversation {
  const confirmedIds = new Set(incoming.map((m) => m.clientMessageId).filter(Boolean));
  const messages = mergeMessages(conversation.messages, incoming);
  return {
    ...conversation,
    messages,
    pending: conversation.pending.filter((p) => !confirmedIds.has(p.clientMessageId)),
    syncedSeq: heldThrough(messages, conversation.syncedSeq),
  };
}

/**
 * The first history page, the newest messages (older ones load on scroll): the client holds the
 * chat from the page's oldest seq on, so that is where "every message held" starts. An empty page
 * is a chat without messages: every seq from 1 counts. A page is not trusted across a hole in it,
 * since a store without transactions (MongoDB) can show n+1 a moment before n.
 */
export function confirmNewestPage(
  conversation: Conversation,
  page: readonly ChatMessage[],
): Conversation {
  if (conversation.loaded) return confirm(conversation, page);
  const start = page.length > 0 ? Math.min(...page.map((m) => m.seq)) - 1 : 0;
  return { ...confirm({ ...conversation, syncedSeq: start }, page), loaded: true };
}

/**
 * A catch-up (`chat:sync`) page asked after `afterSeq`: the server answers every message it has
 * after that seq, oldest first, stopping at a seq still being written and stepping over one that
 * never will be. So unlike a live message, it vouches for the seqs it spans, holes included;
 * without that a lost seq would hold the catch-up back for good.
 */
export function confirmCatchUp(
  conversation: Conversation,
  afterSeq: number,
  page: readonly ChatMessage[],
): Conversation {
  const confirmed = confirm(conversation, page);
  const last = Math.max(0, ...page.map((m) => m.seq));
  // An answer that starts above the synced seq would vouch for seqs nobody asked about.
  if (afterSeq > conversation.syncedSeq || last <= confirmed.syncedSeq) return confirmed;
  return { ...confirmed, syncedSeq: heldThrough(confirmed.messages, last) };
}

/**
 * The seq a loaded conversation is missing below one it holds (n when n+1 came first), or null.
 * Catch-up from the synced seq fills it.
 */
export function missingSeq(conversation: Conversation | undefined): number | null {
  if (!conversation?.loaded) return null;
  return newestSeq(conversation) > conversation.syncedSeq ? conversation.syncedSeq + 1 : null;
}

/** From `from`, up through the seqs held one after another (messages ascending by seq). */
function heldThrough(messages: readonly ChatMessage[], from: number): number {
  let through = from;
  for (const message of messages) {
    if (message.seq > through + 1) break;
    if (message.seq === through + 1) through = message.seq;
  }
  return through;
}

/** The newest seq held, 0 for none. */
export function newestSeq(conversation: Conversation | undefined): number {
  return conversation?.messages.at(-1)?.seq ?? 0;
}

/** The oldest seq held, or undefined for none. */
export function oldestSeq(conversation: Conversation): number | undefined {
  return conversation.messages[0]?.seq;
}
