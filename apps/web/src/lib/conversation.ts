import type { ChatMessage, ReplyQuote } from '@app/contracts';
import { fresher, mergeMessages, quoteOf, refreshQuotes } from './message-merge';

export { mergeMessages };

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
  /** Any other file, or a voice message (with its length): uploaded, then sent as a download. */
  file?: {
    file: Blob;
    /** As it was picked (the server keeps it, made safe, for the card and the download). */
    name: string;
    /** Set on a voice message: its length as recorded. */
    durationMs?: number;
    /** Set once uploaded, so a retry sends without uploading again. */
    mediaId?: string;
    /** 0..1 */
    progress: number;
  };
  /** The message this one answers, as the composer showed it. */
  replyTo?: ReplyQuote;
  /** Ids of the members it mentions. */
  mentions?: string[];
  status: 'sending' | 'failed';
  error?: string;
  /** Failed for good (blocked, too large…): sending it again cannot work, so no Retry is offered. */
  refused?: boolean;
  createdAt: string;
  /**
   * This browser would not keep it (IndexedDB refused, full or unavailable): it is lost if the
   * tab closes before it is sent, and says so rather than vanish unnoticed.
   */
  unsaved?: boolean;
}

/** What a message carries besides its text, as the composer hands it over. */
export type OutgoingAttachment =
  | { kind: 'image'; file: Blob }
  | { kind: 'file'; file: Blob; name: string }
  | { kind: 'voice'; file: Blob; name: string; durationMs: number };

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
  /**
   * The `afterChangeSeq` of the next catch-up: the chat's `lastChangeSeq` read before the first
   * page was fetched, then the `nextAfterChangeSeq` of each complete catch-up answer. Undefined
   * until the first page is loaded (or when the server does not number changes).
   */
  changeCursor?: number;
  /**
   * The freshest copies of messages that changed but are not held (older than the oldest held,
   * or the first page has not come yet): what quotes of them show, and what a page that brings
   * them later must not overwrite with an older copy.
   */
  unheld: Record<number, ChatMessage>;
}

/**
 * Most copies kept aside per chat: a tab left open on chats never opened would otherwise gather
 * every change to them. The newest seqs are kept (those the first page and the list show).
 */
export const MAX_UNHELD = 200;

export const emptyConversation = (): Conversation => ({
  messages: [],
  pending: [],
  hasMoreBefore: false,
  loaded: false,
  syncedSeq: 0,
  unheld: {},
});

/**
 * Adds confirmed messages to a conversation and drops the pending ones they confirm. The synced
 * seq moves only through seqs now held: a live message past a missing one leaves it where it is.
 */
export function confirm(
  conversation: Conversation,
  incoming: readonly ChatMessage[],
): Conversation {
  const confirmedIds = new Set(incoming.map((m) => m.clientMessageId).filter(Boolean));
  const { messages, unheld } = absorbUnheld(
    mergeMessages(conversation.messages, incoming),
    conversation.unheld,
  );
  return withPendingQuotes({
    ...conversation,
    messages: refreshQuotes(messages, unheld),
    unheld,
    pending: conversation.pending.filter((p) => !confirmedIds.has(p.clientMessageId)),
    syncedSeq: heldThrough(messages, conversation.syncedSeq),
  });
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
  /** The chat's `lastChangeSeq`, read before the page was fetched. */
  changeCursor?: number,
): Conversation {
  if (conversation.loaded) return confirm(conversation, page);
  const start = page.length > 0 ? Math.min(...page.map((m) => m.seq)) - 1 : 0;
  return {
    ...confirm({ ...conversation, syncedSeq: start }, page),
    loaded: true,
    changeCursor,
  };
}

/**
 * Copies of messages as they are now (edited, deleted, reacted to): each replaces the copy held
 * if it is fresher. One older than every message held (or in a chat whose first page has not
 * come) is kept aside, for the quotes of it and for the page that brings it later.
 */
export function applyChanges(
  conversation: Conversation,
  changed: readonly ChatMessage[],
): Conversation {
  if (changed.length === 0) return conversation;
  const oldest = oldestSeq(conversation);
  const holds = (m: ChatMessage) =>
    conversation.loaded &&
    (!conversation.hasMoreBefore || (oldest !== undefined && m.seq >= oldest));
  const unheld = { ...conversation.unheld };
  for (const m of changed.filter((c) => !holds(c))) unheld[m.seq] = fresher(unheld[m.seq], m);
  boundUnheld(unheld);
  const messages = mergeMessages(conversation.messages, changed.filter(holds));
  return withPendingQuotes({
    ...conversation,
    messages: refreshQuotes(messages, unheld),
    unheld,
    syncedSeq: conversation.loaded
      ? heldThrough(messages, conversation.syncedSeq)
      : conversation.syncedSeq,
  });
}

/** The copy held of a seq (in the list or kept aside), or undefined. */
export function heldCopy(
  conversation: Pick<Conversation, 'messages' | 'unheld'> | undefined,
  seq: number,
) {
  return conversation?.messages.find((m) => m.seq === seq) ?? conversation?.unheld[seq];
}

/**
 * The quote a reply typed here shows and sends: derived from the original held, like a sent
 * reply's. None once the original is deleted, and the reply goes out as a plain message: the
 * server refuses a reply to a deleted message, and a reply sent a moment earlier shows no quote.
 */
export function pendingQuote(
  conversation: Pick<Conversation, 'messages' | 'unheld'> | undefined,
  quote: ReplyQuote,
): ReplyQuote | undefined {
  const original = heldCopy(conversation, quote.seq);
  if (!original) return quote;
  const derived = quoteOf(original) ?? undefined;
  return derived?.text === quote.text ? quote : derived;
}

/** Every pending reply's quote derived again (see `pendingQuote`), once copies are applied. */
function withPendingQuotes(conversation: Conversation): Conversation {
  let changed = false;
  const pending = conversation.pending.map((p) => {
    const quote = p.replyTo && pendingQuote(conversation, p.replyTo);
    if (quote === p.replyTo) return p;
    changed = true;
    return { ...p, replyTo: quote };
  });
  return changed ? { ...conversation, pending } : conversation;
}

/**
 * Drops copies kept aside beyond `MAX_UNHELD` (edits `unheld`, a fresh copy): the oldest seqs
 * first, tombstones last, since a late copy of a reply can still quote its deleted original and
 * only the tombstone says it is gone.
 */
function boundUnheld(unheld: Record<number, ChatMessage>): void {
  const seqs = Object.keys(unheld).map(Number);
  if (seqs.length <= MAX_UNHELD) return;
  const deleted = (seq: number) => (unheld[seq].deletedAt ? 1 : 0);
  seqs.sort((a, b) => deleted(b) - deleted(a) || b - a);
  for (const seq of seqs.slice(MAX_UNHELD)) delete unheld[seq];
}

/** Copies kept aside join the list once it holds their seq, if they are fresher. */
function absorbUnheld(
  messages: ChatMessage[],
  unheld: Record<number, ChatMessage>,
): { messages: ChatMessage[]; unheld: Record<number, ChatMessage> } {
  const seqs = Object.keys(unheld).map(Number);
  if (seqs.length === 0) return { messages, unheld };
  const index = new Map(messages.map((m, i) => [m.seq, i]));
  const rest = { ...unheld };
  const merged = [...messages];
  for (const seq of seqs) {
    const at = index.get(seq);
    if (at === undefined) continue;
    merged[at] = fresher(merged[at], unheld[seq]);
    delete rest[seq];
  }
  return { messages: merged, unheld: rest };
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
