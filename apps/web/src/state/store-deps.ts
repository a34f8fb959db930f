import type { FileView, MediaView } from '@app/contracts';

/** A browser notification the store asks for; the page decides whether it may show one. */
export interface NotificationRequest {
  chatId: string;
  seq: number;
  title: string;
  body: string;
  tag: string;
  mention: boolean;
}

/** What the store needs besides the socket: HTTP calls, the uploads, whether the page is seen. */
export interface StoreDeps {
  http<T>(path: string, init?: { method?: string; json?: unknown }): Promise<T>;
  /** Uploads an image; `signal` aborts it (the person cancelled the message). */
  upload(
    file: Blob,
    onProgress: (fraction: number) => void,
    signal?: AbortSignal,
  ): Promise<MediaView>;
  /**
   * Uploads any other file under `name`; with `durationMs`, a voice message of that length.
   * `signal` aborts it.
   */
  uploadFile(
    file: Blob,
    name: string,
    onProgress: (fraction: number) => void,
    signal?: AbortSignal,
    durationMs?: number,
  ): Promise<FileView>;
  isVisible(): boolean;
  describeError(error: unknown): string;
  objectUrl?: { create(file: Blob): string; revoke(url: string): void };
  notify?(notification: NotificationRequest): void;
}
