import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, type ZlibOptions } from 'node:zlib';
import { OutboundFailed } from './outbound-failed';

/** How much of an answer's body to read, and how. */
export interface BodyRules {
  /** The cap: counted on the bytes received and, when decoding, on the decoded bytes too. */
  maxBytes: number;
  /**
   * Undo `Content-Encoding` gzip, deflate or br here, under the same cap, so a small compressed
   * body cannot expand into gigabytes in memory (a decompression bomb): decoding stops at the cap.
   */
  decompress?: boolean;
  /**
   * Stop reading, and close the connection, once the body so far matches (its latin1 text): for a
   * caller that needs only the start of a document. Without a match by the cap, the request fails
   * as too large.
   */
  stopAfter?: RegExp;
}

/** What a `stopAfter` pattern may span across two reads (`</head >` split in the middle). */
const OVERLAP = 64;

/** `Accept-Encoding` to send when the body will be decoded here. */
export const DECODED_ENCODINGS = 'gzip, deflate, br';

/**
 * Reads `res`'s body under `rules`. Resolves with the (decoded) bytes, or rejects with
 * `OutboundFailed`; either way nothing more is read and the response is destroyed when it was cut
 * short.
 */
export function readBody(res: IncomingMessage, rules: BodyRules): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const decoder = rules.decompress ? decoderFor(res.headers['content-encoding']) : null;
    if (decoder === 'unsupported') {
      res.destroy();
      const encoding = String(res.headers['content-encoding']);
      reject(new OutboundFailed('bad_encoding', `content-encoding ${encoding}`));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let decoded = 0;
    let tail = '';
    let finished = false;
    const finish = (error: Error | null) => {
      if (finished) return;
      finished = true;
      // Cut short or done: either way nothing more is wanted from this connection.
      res.destroy();
      decoder?.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const tooLarge = () =>
      finish(new OutboundFailed('response_too_large', `over ${rules.maxBytes} bytes`));

    res.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > rules.maxBytes) tooLarge();
    });
    res.on('error', (error) => finish(new OutboundFailed('network', error.message)));
    const body = decoder ?? res;
    if (decoder) res.pipe(decoder);
    body.on('data', (chunk: Buffer) => {
      if (finished) return;
      decoded += chunk.length;
      if (decoded > rules.maxBytes) return tooLarge();
      chunks.push(chunk);
      if (!rules.stopAfter) return;
      const window = tail + chunk.toString('latin1');
      if (rules.stopAfter.test(window)) return finish(null);
      tail = window.slice(-OVERLAP);
    });
    // A document that ends without the `stopAfter` marker was read whole, under the cap: fine too.
    body.on('end', () => finish(null));
    if (decoder) {
      decoder.on('error', (error) => finish(new OutboundFailed('bad_encoding', error.message)));
    }
  });
}

/** Output in small steps, so the cap is checked often while decoding. */
const STEP: ZlibOptions = { chunkSize: 16 * 1024 };

function decoderFor(header: string | undefined): Transform | null | 'unsupported' {
  const encoding = (header ?? '').trim().toLowerCase();
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return createGunzip(STEP);
    case 'deflate':
      // zlib-wrapped, as HTTP defines it; raw deflate, which a few servers send, fails to decode.
      return createInflate(STEP);
    case 'br':
      return createBrotliDecompress(STEP);
    default:
      // Several encodings in a row, or one we do not know: not worth the risk.
      return 'unsupported';
  }
}
