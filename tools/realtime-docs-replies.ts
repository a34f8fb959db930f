import { REPLY_QUOTE_LENGTH } from '@app/contracts';

/**
 * The "Replies and quotes" section of docs/realtime.md: how a client shows the quote of a reply.
 * Written out here because a client written from the document alone must never show the text of
 * a deleted message, and the event descriptions alone do not say that replies are never sent again.
 */
export const repliesAndQuotesSection = (): string[] => [
  '## Replies and quotes',
  '',
  'A message sent with `replyToSeq` answers an earlier message of the chat, its *original* (not a deleted one),',
  'and its `replyTo` quotes the original: `{ seq, senderId, kind, text }`. A quote is a reference to the',
  'original, not a copy stored with the reply: each copy of the reply the server sends carries the quote as',
  'the server read the original when it made that copy. When the original is edited or deleted, only the',
  'original changes: the reply keeps its `changeSeq`, no `message:updated` is sent for it, and neither',
  '`changed` of `chat:sync` nor the REST change feed (`GET /api/v1/chats/:id/messages?afterChangeSeq=`) lists',
  'it. Every client therefore resolves quotes from its own copy of the original:',
  '',
  '1. **The quote of an original** is `null` when its `deletedAt` is set. Otherwise it is',
  '   `{ seq, senderId, kind, text }` of the original, where `text` is `null` when the original has none',
  `   (an image without a caption, a system message), else its first ${REPLY_QUOTE_LENGTH} characters counted in Unicode`,
  `   code points, never half an emoji (in JavaScript \`Array.from(text).slice(0, ${REPLY_QUOTE_LENGTH}).join('')\`).`,
  '   A deleted reply (a tombstone) has no quote.',
  '2. **Holding the original, show its quote.** While you hold a copy of the message whose `seq` is the',
  "   reply's `replyTo.seq`, the reply shows the quote of that copy, whatever the reply's own copy says",
  "   (a reply's copy can be read a moment before its original changed and reach you after the change).",
  '3. **Applying a copy, derive again.** Whenever you apply a copy of a message (from `message:new`,',
  '   `message:updated`, an acknowledgement, `messages` or `changed` of `chat:sync`, a page of history, the',
  '   change feed), derive again the quote of every reply you hold to it. The server sends the changes of',
  '   an original to every client that may hold a reply to it, even one that does not show the original:',
  '   `message:updated` goes to every member, `changed` lists every changed message at or below `afterSeq`',
  '   whether you hold it or not, and the change feed lists every change after its cursor.',
  '4. **Keep the copies of originals you are sent**, even of messages older than the history you show, at',
  '   least once they are deleted (a deletion is final): the kept copy is what says that a late copy of a',
  '   reply quotes a deleted message. Keep them as long as you catch their chat up after every reconnect;',
  '   the copies of a chat you do not catch up would miss the changes made while you were away, so drop',
  '   them when the connection drops.',
  "5. **Without the original, show the reply's quote as it came.** `replyTo: null` shows no quote: the",
  '   message answers nothing, or its original is deleted, which never changes back.',
  '',
  'Two copies of a reply with the same `changeSeq` can differ in their quote only; the rules above decide',
  'what shows. Following them, once every event has arrived a client shows each reply exactly as history',
  'read now shows it, and never the text of a deleted message. For example, Ada answers Bob’s message 42',
  'with 43, then Bob deletes 42: the chat gets `message:updated` with the tombstone of 42 and nothing for 43;',
  'clients clear the quote of 43 themselves, and history read from then on has 43 with `replyTo: null` at',
  'its old `changeSeq`.',
];
