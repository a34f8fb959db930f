import type { MediaView } from '@app/contracts';

/** A browser notification the store asks for; the page decides whether it may show one. */
export interface NotificationRequest {
  chatId: string;
  seq: number;
  title: string;
  body: string;
  tag: string;
  mention: boolean;
}

/** What the store needs besides the socket: HTTP calls, the upload, whether the page is seen. */
export interface StoreDeps {
  http<T>(path: string, init?: { method?: string; json?: unknown }): Promise<T>;
  /** Uploads an image; `signal` aborts it (the person cancelled the message). */
  upload(
    file: Blob,
    onProgress: (fraction: number) => void,
    signal?: AbortSignal,
  ): Promise<MediaView>;
  isVisible(): boolean;
  describeError(error: unknown): string;
  objectUrl?: { create(file: Blob): string; revoke(url: string): void };
  notify?(notification: NotificationRequest): void;
}
