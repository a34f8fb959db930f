import type { MessageChange, MessageRecord, NewMessage } from './chat.records';

export interface MessagePageQuery {
  /** Messages with seq < beforeSeq, newest first. */
  beforeSeq?: number;
  /** Messages with seq > afterSeq, oldest first. (Never both; neither = newest first.) */
  afterSeq?: number;
  limit: number;
}

export interface MessageSearchQuery {
  text: string;
  /** Only this chat (still only if the user is a member). */
  chatId?: string;
  limit: number;
}

/** Unread messages that arrived in a user's chats after some moment. */
export interface UnreadSince {
  messages: number;
  chats: number;
}

/** Messages changed after a point of the chat's change log, in change order. */
export interface ChangeFeedQuery {
  afterChangeSeq: number;
  /** Only messages at or below this seq (chat:sync sends newer ones whole). */
  atOrBelowSeq?: number;
  limit: number;
}

/** Where a client's copy of a chat ends: everything after `afterSeq` is new to it. */
export interface SeqCursor {
  chatId: string;
  afterSeq: number;
}

/** A cursor with the most rows to read for it. */
export type Limited<Cursor> = Cursor & { limit: number };

/** Where a client's copy of a chat's changes ends (chat:sync's `changed`). */
export interface ChangeFeedCursor {
  chatId: string;
  afterChangeSeq: number;
  atOrBelowSeq: number;
}

/**
 * Decides a change from the message as it is inside the change's transaction: what to write, null
 * for nothing to do, or throws to refuse (nothing is written). May run more than once (a retried
 * transaction), so it must not have side effects.
 */
export type ChangeDecision = (current: MessageRecord) => MessageChange | null;

export interface ChangedMessage {
  message: MessageRecord;
  /** false when the decision was that nothing changes: `message` is the current copy. */
  changed: boolean;
}

/**
 * What an append did, once and for every caller: stored the message now (`created`), found it
 * stored before under the sender's `clientMessageId` (`stored`: a retry, answered with the
 * original), or stored nothing because the sender may not write there (`refused`).
 */
export type AppendResult =
  | { outcome: 'created'; message: MessageRecord }
  | { outcome: 'stored'; message: MessageRecord }
  | { outcome: 'refused' };

/** Messages of chats. Every adapter passes `test/contracts/chat/messages.repository.contract.ts`. */
export abstract class MessagesRepository {
  /**
   * Stores the message with the chat's next seq, atomically with: the chat's `lastSeq`,
   * `updatedAt` and `lastMessage`, and the sender's read and delivered marks (moved to the new
   * seq). Under concurrent appends to one chat, seqs are 1..N with no gap and no repeat.
   * If the sender already has a message with this `clientMessageId`, nothing is written and the
   * original comes back as `stored` (also when the two appends race); no seq is used. That
   * original may belong to another chat: the id is unique per sender, not per chat.
   * Rejects when the chat does not exist; membership is the caller's check.
   */
  abstract append(message: NewMessage): Promise<Exclude<AppendResult, { outcome: 'refused' }>>;

  /**
   * `append` for a message sent by a member: the sender's membership is checked in the same
   * atomic step, so a member removed a moment earlier cannot slip a message in. `refused`,
   * writing nothing and using no seq, when the sender is not a member, the chat is a blocked
   * direct chat, or it does not exist. A duplicate `clientMessageId` is `stored`, as with
   * `append`, only while the sender is a member. This result is where the send path learns that
   * a message is a retry.
   */
  abstract appendFromMember(message: NewMessage & { senderId: string }): Promise<AppendResult>;

  abstract findByClientMessageId(
    senderId: string,
    clientMessageId: string,
  ): Promise<MessageRecord | null>;

  abstract findBySeq(chatId: string, seq: number): Promise<MessageRecord | null>;

  abstract page(chatId: string, query: MessagePageQuery): Promise<MessageRecord[]>;

  /**
   * Applies `decide`'s change to the message atomically with the chat's next `lastChangeSeq`,
   * which becomes the message's `changeSeq` (and the chat list's summary follows when it is the
   * newest message). Changes to one chat are serialised, so each decision sees the latest
   * committed copy. Null when there is no such message (or chat); nothing changed, no change seq
   * used, when `decide` returns null or throws.
   */
  abstract change(
    chatId: string,
    seq: number,
    decide: ChangeDecision,
  ): Promise<ChangedMessage | null>;

  abstract changedSince(chatId: string, query: ChangeFeedQuery): Promise<MessageRecord[]>;

  /**
   * `page` with `afterSeq` for many chats at once (chat:sync): up to each cursor's `limit` (one
   * cursor per chat), oldest first, by chat id; chats without any are left out. One statement on
   * SQL, whatever the number of cursors.
   */
  abstract pagesAfter(
    cursors: readonly Limited<SeqCursor>[],
  ): Promise<Map<string, MessageRecord[]>>;

  /** `changedSince` with `atOrBelowSeq` for many chats at once, like `pagesAfter`. */
  abstract changedAfter(
    cursors: readonly Limited<ChangeFeedCursor>[],
  ): Promise<Map<string, MessageRecord[]>>;

  /**
   * How many messages `changedAfter` would return per cursor, counting no further than its
   * `limit` and reading no message: what a sync must read, known before it reads. Chats with none
   * are left out.
   */
  abstract countChangedAfter(
    cursors: readonly Limited<ChangeFeedCursor>[],
  ): Promise<Map<string, number>>;

  /**
   * Per chat of `chatIds` the user is in: messages past their read mark that mention them and are
   * not deleted. Chats without any are left out.
   */
  abstract unreadMentions(userId: string, chatIds: readonly string[]): Promise<Map<string, number>>;

  /**
   * Full-text search over text messages and image captions of the chats `userId` is a member of,
   * newest first: every word of `searchWords(text)` must be in the message as a whole word, except
   * the last, which may also be the start of one ("hello wor" finds "hello world"); case does not
   * matter. A text without words finds nothing.
   */
  abstract search(userId: string, query: MessageSearchQuery): Promise<MessageRecord[]>;

  /**
   * Whether an image message with this media id, or a message whose link preview shows it, is in
   * a chat `userId` is a member of now.
   */
  abstract isMediaPostedInChatOf(userId: string, mediaId: string): Promise<boolean>;

  /**
   * Messages created after `since` in the user's chats that are still unread by them (past their
   * read mark), were not sent by them and are not deleted, and in how many chats. Chats the user
   * has muted now are left out, and so are messages from people the user blocked: those never
   * bring a reminder.
   */
  abstract unreadSince(userId: string, since: Date): Promise<UnreadSince>;
}
