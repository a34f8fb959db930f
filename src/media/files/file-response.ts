import { HttpException, HttpStatus, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import type { FileView } from '@app/contracts';
import { parseRange, type ByteRange } from './byte-range';
import { attachmentDisposition } from './file-name';
import { servedType } from './file-signature';

/**
 * Nothing in a file runs on our origin: no scripts, no plugins, no frames, its own sandbox. With
 * `nosniff` and `attachment`, a browser downloads even an HTML or SVG file rather than showing it.
 */
export const FILE_SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

export const PRIVATE_IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * Caching of an upload, image or file: private (who may see it is decided per person) and
 * immutable (an id's bytes never change), with its ETag; true when the client's copy is current
 * and the answer is a 304.
 */
export function answeredFromCache(etag: string, req: Request, res: Response): boolean {
  res.setHeader('Cache-Control', PRIVATE_IMMUTABLE);
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] !== etag) return false;
  res.status(HttpStatus.NOT_MODIFIED);
  return true;
}

/**
 * Answers `GET /media/:id` for a file: a download under its original name, whole or the asked
 * byte range (players seek with ranges), 304 when the client has it, 416 for a range past its end.
 */
export async function sendFile(
  file: FileView,
  etag: string,
  req: Request,
  res: Response,
  open: (range: ByteRange | null) => Promise<Readable>,
): Promise<StreamableFile | undefined> {
  res.setHeader('Accept-Ranges', 'bytes');
  for (const [name, value] of Object.entries(FILE_SECURITY_HEADERS)) res.setHeader(name, value);
  if (answeredFromCache(etag, req, res)) return undefined;
  // If-Range: a range of the copy the client has; its bytes never change, so only the tag counts.
  const ifRange = req.headers['if-range'];
  const range =
    ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, file.size) : null;
  if (range === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${file.size}`);
    throw new HttpException(
      'The range starts past the end of the file',
      HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
    );
  }
  const stream = await open(range);
  if (range) {
    res.status(HttpStatus.PARTIAL_CONTENT);
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
  }
  return new StreamableFile(stream, {
    type: servedType(file.mimeType),
    length: range ? range.end - range.start + 1 : file.size,
    disposition: attachmentDisposition(file.name),
  });
}
