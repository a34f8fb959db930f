import type { ChatMessage, ReplyQuote } from '@app/contracts';
import { ME, message } from './store-fixtures';

/** The quote of `original` as the server reads it (texts in these specs are short: no cut). */
export const quoteAsRead = (original: ChatMessage): ReplyQuote => ({
  seq: original.seq,
  senderId: original.senderId,
  kind: original.kind,
  text: original.text,
});

/**
 * A reply sent as message `seq`, quoting `original` as the server read it then. Its changeSeq is
 * its seq unless told: a higher one says the reply was stored after changes it did not see.
 */
export const reply = (
  seq: number,
  original: ChatMessage,
  senderId = ME,
  changeSeq = seq,
): ChatMessage => ({ ...message(seq, senderId), changeSeq, replyTo: quoteAsRead(original) });
