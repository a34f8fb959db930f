import type { FileView, MediaView } from '@app/contracts';
import { chatText } from '../i18n/chat';
import { downscaleForUpload } from '../lib/downscale';
import { ApiError, refreshSession } from './http';

/**
 * `POST /api/v1/media` with progress (fetch cannot report upload progress; XHR can). A photo is
 * made smaller first (see `downscaleForUpload`); `signal` stops the upload.
 */
export async function uploadImage(
  original: Blob,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<MediaView> {
  const file = await downscaleForUpload(original);
  return postUpload<MediaView>('/api/v1/media', file, undefined, onProgress, signal);
}

/**
 * `POST /api/v1/media/files`: any file, under `name` (the server keeps it, made safe, for the card
 * and the download); with `durationMs`, a voice message of that length. Progress and `signal` as
 * for images. A refusal (too large, over the quota, not audio) throws the server's own message.
 */
export function uploadFile(
  file: Blob,
  name: string,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
  durationMs?: number,
): Promise<FileView> {
  const query =
    durationMs === undefined ? '' : `?durationMs=${Math.max(1, Math.round(durationMs))}`;
  return postUpload<FileView>(`/api/v1/media/files${query}`, file, name, onProgress, signal);
}

/** One multipart upload (field `file`), once more after a session refresh if it was expired. */
async function postUpload<T>(
  path: string,
  file: Blob,
  name: string | undefined,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  const attempt = () =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('Upload cancelled', 'AbortError'));
      const xhr = new XMLHttpRequest();
      signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
      xhr.open('POST', path);
      xhr.withCredentials = true;
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText) as unknown;
        } catch {
          // not JSON: handled below by the status
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new TypeError('network error'));
      const form = new FormData();
      if (name === undefined) form.append('file', file);
      else form.append('file', file, name);
      xhr.send(form);
    });
  let answer = await attempt();
  if (answer.status === 401 && (await refreshSession())) answer = await attempt();
  if (answer.status !== 201) {
    const error = answer.body as { message?: string; details?: unknown } | null;
    throw new ApiError(
      answer.status,
      error?.message ?? chatText('errors.uploadFailed'),
      error?.details,
    );
  }
  onProgress(1);
  return answer.body as T;
}
