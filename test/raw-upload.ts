import { request } from 'node:http';
import type { AuthSession } from '@app/contracts';

const CHUNK = Buffer.alloc(64 * 1024, 0x61);
const BOUNDARY = 'raw-upload-boundary';
const TAIL = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

export interface RawUploadAnswer {
  /** 0 when the connection ended without an answer. */
  status: number;
  /** How much of the body had been handed to the socket when the answer came. */
  bytesSentBeforeAnswer: number;
  elapsedMs: number;
  /** The test process's (and so the in-process app's) peak RSS over its RSS before the upload. */
  rssGrowthBytes: number;
}

/** What a multipart body adds around `fileBytes` of file: for an exact Content-Length. */
export const multipartLength = (fileBytes: number): number => HEAD.length + fileBytes + TAIL.length;

const HEAD = Buffer.from(
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n',
);

/**
 * Sends a multipart upload of `sendBytes` to `path` (`POST /media/files` unless told) without building it in memory:
 * with a `Content-Length` of `declaredBytes`, or chunked when that is not given. Stops writing
 * as soon as the server answers, and measures how far it got and how much memory grew.
 */
export function rawUpload(
  origin: string,
  session: AuthSession,
  {
    declaredBytes,
    sendBytes,
    complete = false,
    path = '/api/v1/media/files',
  }: { declaredBytes?: number; sendBytes: number; complete?: boolean; path?: string },
): Promise<RawUploadAnswer> {
  const started = Date.now();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  return new Promise((resolve) => {
    let sent = 0;
    let answered: number | undefined;
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      clearInterval(sampler);
      resolve({
        status,
        bytesSentBeforeAnswer: answered ?? sent,
        elapsedMs: Date.now() - started,
        rssGrowthBytes: rssPeak - rssBefore,
      });
    };
    const url = new URL(path, origin);
    const req = request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${session.accessToken}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        ...(declaredBytes === undefined
          ? { 'transfer-encoding': 'chunked' }
          : { 'content-length': String(declaredBytes) }),
      },
    });
    req.on('response', (res) => {
      answered = sent;
      const status = res.statusCode ?? 0;
      // The status is all we need: stop sending, and let the connection go.
      finish(status);
      res.resume();
      req.destroy();
    });
    req.on('error', () => setTimeout(() => finish(0), 100));
    req.on('close', () => setTimeout(() => finish(0), 100));
    const pump = () => {
      while (answered === undefined && !req.destroyed && sent < sendBytes) {
        const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, sendBytes - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      // A whole upload ends with the closing boundary, and then waits for its answer.
      if (complete && sent >= sendBytes && !req.destroyed) req.end(TAIL);
    };
    req.write(HEAD);
    pump();
  });
}
