import type { PendingMessage } from '../lib/conversation';
import type { StoreDeps } from './store-deps';

/**
 * A message of the outbox as it is kept across reloads: what the server needs to store it (the
 * same clientMessageId, so a send repeated after a reload is recognised as a retry), and how it
 * was shown (sending, or failed and why). The picture, file or voice recording is kept as its
 * bytes (a file up to 25 MB: IndexedDB keeps blobs on disk); the preview's object URL is made
 * again when it is read back.
 */
export interface SavedPending {
  clientMessageId: string;
  chatId: string;
  text: string;
  image?: { file: Blob; mediaId?: string };
  file?: { file: Blob; name: string; durationMs?: number; mediaId?: string };
  replyTo?: PendingMessage['replyTo'];
  mentions?: string[];
  status: PendingMessage['status'];
  error?: string;
  refused?: boolean;
  createdAt: string;
  /** The order it was written in: several can share a millisecond, and must not swap places. */
  order: number;
}

/** Where the outbox keeps its messages until the server has them (IndexedDB in the browser). */
export interface OutboxStorage {
  load(): Promise<SavedPending[]>;
  /** Rejects when the message could not be kept (the browser refused, or has no storage). */
  save(message: SavedPending): Promise<void>;
  remove(clientMessageId: string): Promise<void>;
}

/** The store's dependencies, and where the outbox keeps messages; without it they live in memory. */
export type OutboxDeps = StoreDeps & { outboxStorage?: OutboxStorage };

export function savedForm(pending: PendingMessage, order: number): SavedPending {
  const { image, file } = pending;
  return {
    clientMessageId: pending.clientMessageId,
    chatId: pending.chatId,
    text: pending.text,
    ...(image && { image: { file: image.file, ...(image.mediaId && { mediaId: image.mediaId }) } }),
    ...(file && {
      file: {
        file: file.file,
        name: file.name,
        ...(file.durationMs !== undefined && { durationMs: file.durationMs }),
        ...(file.mediaId && { mediaId: file.mediaId }),
      },
    }),
    ...(pending.replyTo && { replyTo: pending.replyTo }),
    ...(pending.mentions && { mentions: pending.mentions }),
    status: pending.status,
    ...(pending.error !== undefined && { error: pending.error }),
    ...(pending.refused !== undefined && { refused: pending.refused }),
    createdAt: pending.createdAt,
    order,
  };
}

/** A kept message shown again: its picture gets a new preview URL (`objectUrl`); a file as it was. */
export function pendingForm(
  saved: SavedPending,
  objectUrl: (file: Blob) => string,
): PendingMessage {
  const { image, file, clientMessageId, chatId, text, replyTo, mentions, status, error, refused } =
    saved;
  return {
    clientMessageId,
    chatId,
    text,
    ...(replyTo && { replyTo }),
    ...(mentions && { mentions }),
    status,
    ...(error !== undefined && { error }),
    ...(refused !== undefined && { refused }),
    createdAt: saved.createdAt,
    ...(image && {
      image: {
        file: image.file,
        previewUrl: objectUrl(image.file),
        mediaId: image.mediaId,
        // Uploaded before the reload: no progress bar (nor Cancel) for an upload that is done.
        progress: image.mediaId ? 1 : 0,
      },
    }),
    ...(file && {
      file: {
        file: file.file,
        name: file.name,
        ...(file.durationMs !== undefined && { durationMs: file.durationMs }),
        ...(file.mediaId && { mediaId: file.mediaId }),
        progress: file.mediaId ? 1 : 0,
      },
    }),
  };
}
