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

/**
 * The quote a reply shows of `original`, as docs/realtime.md ("Replies and quotes") derives it:
 * none once the original is deleted; otherwise its seq, sender, kind and the first 200 characters
 * of its text.
 */
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
 * A reply as it shows while the client holds `original`: its quote derived from that copy,
 * whatever the reply's copy says. The server never sends a reply again when its original
 * changes, and a reply's copy may have been read a moment before the original changed, so the
 * quote it carries can be older than the original held; the original held is what the client
 * shows, and the quote must never disagree with it. No original held: the copy's quote, as the
 * server read it. No quote on the copy: it answers nothing, or its original was deleted (final).
 */
export function quotedFrom(reply: ChatMessage, original: ChatMessage | undefined): ChatMessage {
  if (!reply.replyTo || !original || original.seq !== reply.replyTo.seq) return reply;
  const quote = quoteOf(original);
  return sameQuote(reply.replyTo, quote) ? reply : { ...reply, replyTo: quote };
}

/**
 * Every reply's quote derived again from the copy of its original held (in the list, or
 * `unheld`: copies of originals older than the messages held, learned from changes). Runs after
 * any copy is applied, since the server sends only the original when it changes. Answers the
 * same array when no quote changed.
 */
export function refreshQuotes(
  messages: readonly ChatMessage[],
  unheld: Readonly<Record<number, ChatMessage>> = {},
): ChatMessage[] {
  const bySeq = new Map(messages.map((m) => [m.seq, m]));
  let changed = false;
  const refreshed = messages.map((message) => {
    if (!message.replyTo) return message;
    const quoted = quotedFrom(
      message,
      bySeq.get(message.replyTo.seq) ?? unheld[message.replyTo.seq],
    );
    if (quoted !== message) changed = true;
    return quoted;
  });
  return changed ? refreshed : (messages as ChatMessage[]);
}
