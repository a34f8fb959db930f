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
}

export const emptyConversation = (): Conversation => ({
  messages: [],
  pending: [],
  hasMoreBefore: false,
  loaded: false,
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

/** Adds confirmed messages to a conversation and drops the pending ones they confirm. */
export function confirm(
  conversation: Conversation,
  incoming: readonly ChatMessage[],
): Conversation {
  const confirmedIds = new Set(incoming.map((m) => m.clientMessageId).filter(Boolean));
  return {
    ...conversation,
    messages: mergeMessages(conversation.messages, incoming),
    pending: conversation.pending.filter((p) => !confirmedIds.has(p.clientMessageId)),
  };
}

/** The newest seq held, 0 for none. */
export function newestSeq(conversation: Conversation | undefined): number {
  return conversation?.messages.at(-1)?.seq ?? 0;
}

/** The oldest seq held, or undefined for none. */
export function oldestSeq(conversation: Conversation): number | undefined {
  return conversation.messages[0]?.seq;
}
