import type { MediaView } from '@app/contracts';

/** What the store needs besides the socket: HTTP calls, the upload, whether the page is seen. */
export interface StoreDeps {
  http<T>(path: string, init?: { method?: string; json?: unknown }): Promise<T>;
  upload(file: Blob, onProgress: (fraction: number) => void): Promise<MediaView>;
  isVisible(): boolean;
  describeError(error: unknown): string;
  objectUrl?: { create(file: Blob): string; revoke(url: string): void };
}
