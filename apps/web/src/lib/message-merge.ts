import { REPLY_QUOTE_LENGTH, type ChatMessage, type ReplyQuote } from '@app/contracts';

/**
 * Of two copies of one message, the one to keep: the higher `changeSeq` (how fresh a copy is);
 * on a tie the one held, so a stale or repeated event never overwrites what is shown.
 */
export function fresher(held: ChatMessage | undefined, incoming: ChatMessage): ChatMessage {
  return held && held.changeSeq >= incoming.changeSeq ? held : incoming;
}

/** Messages by the chat they belong to, each chat's in the order given. */
export function groupByChat(messages: readonly ChatMessage[]): Map<string, ChatMessage[]> {
  const byChat = new Map<string, ChatMessage[]>();
  for (const m of messages) byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m]);
  return byChat;
}

/** The first `length` characters (code points, as the server counts them, never half an emoji). */
export function cutText(text: string, length: number): string {
  if (text.length <= length) return text;
  return Array.from(text).slice(0, length).join('');
}

/** The quote a reply shows of `original` as it is now: none once it is deleted. */
export function quoteOf(original: ChatMessage): ReplyQuote | null {
  if (original.deletedAt) return null;
  return {
    seq: original.seq,
    senderId: original.senderId,
    kind: original.kind,
    text: original.text === null ? null : cutText(original.text, REPLY_QUOTE_LENGTH),
  };
}

const sameQuote = (a: ReplyQuote | null, b: ReplyQuote | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.seq === b.seq &&
    a.senderId === b.senderId &&
    a.kind === b.kind &&
    a.text === b.text);

/**
 * Merges copies from any source (a history page, a live event, an acknowledgement, a catch-up)
 * into the list: ordered by seq, each seq once, and of two copies the fresher, so overlapping or
 * out-of-order sources never show a message twice or bring back an older state of it.
 */
export function mergeMessages(
  existing: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  if (incoming.length === 0) return existing as ChatMessage[];
  const bySeq = new Map<number, ChatMessage>();
  for (const message of existing) bySeq.set(message.seq, message);
  for (const message of incoming) bySeq.set(message.seq, fresher(bySeq.get(message.seq), message));
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * A reply's quote follows its original: when the copy of the original the client holds is
 * fresher than the reply's (edited or deleted since), the quote is rebuilt from it (the server
 * does the same for the copies it sends). `unheld` are copies of originals older than the
 * messages held, learned from changes. Answers the same array when no quote changed.
 */
export function refreshQuotes(
  messages: readonly ChatMessage[],
  unheld: Readonly<Record<number, ChatMessage>> = {},
): ChatMessage[] {
  const bySeq = new Map(messages.map((m) => [m.seq, m]));
  let changed = false;
  const refreshed = messages.map((message) => {
    if (!message.replyTo) return message;
    const original = bySeq.get(message.replyTo.seq) ?? unheld[message.replyTo.seq];
    if (!original || original.changeSeq <= message.changeSeq) return message;
    const quote = quoteOf(original);
    if (sameQuote(message.replyTo, quote)) return message;
    changed = true;
    return { ...message, replyTo: quote };
  });
  return changed ? refreshed : (messages as ChatMessage[]);
}
