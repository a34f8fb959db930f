import { BadRequestException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileTooLarge } from './upload-limits';

/** A file that streamed in: written under the incoming folder, not yet judged or stored. */
export interface ReceivedFile {
  path: string;
  size: number;
  /** As the client named it: for display only, after `safeFileName`. */
  originalname: string;
}

const refusal = (message: string) =>
  new BadRequestException({ message, details: [{ field: 'file', messages: [message] }] });

/**
 * Reads a multipart body and streams its one field `field` straight to a new file under `dir`, so
 * an upload never sits in memory. Past `maxBytes` it refuses at once (413) instead of reading the
 * rest of the body, as multer would: the caller closes the connection with its answer. Resolves
 * with undefined when the body holds no file.
 */
export async function receiveFile(
  req: Request,
  { dir, field, maxBytes }: { dir: string; field: string; maxBytes: number },
): Promise<ReceivedFile | undefined> {
  await mkdir(dir, { recursive: true });
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // busboy stops at its limit even when the file ends right there: one byte more lets a file
      // of exactly `maxBytes` through, and the 'limit' then means larger than allowed.
      limits: { fileSize: maxBytes + 1, files: 1, fields: 10, parts: 11 },
      // Browsers send the file name as UTF-8 bytes, not Latin-1.
      defParamCharset: 'utf8',
    });
  } catch {
    throw refusal('Send the file as multipart/form-data');
  }
  const written: string[] = [];
  const received = new Promise<ReceivedFile | undefined>((resolve, reject) => {
    let file: Promise<ReceivedFile> | undefined;
    const fail = (error: Error) => {
      req.unpipe(parser);
      reject(error);
    };
    parser.on('file', (name, stream, info) => {
      if (name !== field || file) {
        stream.resume();
        return fail(refusal(`Attach the file as the multipart/form-data field "${field}", once`));
      }
      const path = join(dir, `${randomUUID()}.partial`);
      written.push(path);
      // Browsers write a quote in a file name as %22 (the HTML standard's multipart encoding).
      file = writeTo(stream, path, info.filename.replace(/%22/g, '"'), maxBytes);
      file.catch(fail);
    });
    parser.on('filesLimit', () => fail(refusal('Attach one file only')));
    parser.on('partsLimit', () => fail(refusal('Too many parts in the form')));
    parser.on('error', () => fail(refusal('The multipart body is malformed')));
    parser.on('close', () => {
      if (!file) return resolve(undefined);
      file.then(resolve, reject);
    });
    req.pipe(parser);
  });
  try {
    return await received;
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
}

function writeTo(
  stream: Readable,
  path: string,
  originalname: string,
  maxBytes: number,
): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    const writer = createWriteStream(path, { flags: 'wx' });
    // A body that ends inside the file ("Unexpected end of form") errors the file's stream: a
    // malformed request, never an unhandled error.
    stream.on('error', () => {
      stream.unpipe(writer);
      writer.destroy(refusal('The multipart body is malformed'));
    });
    stream.once('limit', () => {
      stream.unpipe(writer);
      stream.resume();
      writer.destroy(fileTooLarge(maxBytes));
    });
    writer.once('error', reject);
    writer.once('finish', () => resolve({ path, size: writer.bytesWritten, originalname }));
    stream.pipe(writer);
  });
}

/** Deletes what a crash left behind: incoming files older than `olderThanMs`. */
export async function sweepIncoming(dir: string, olderThanMs: number): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > olderThanMs) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
