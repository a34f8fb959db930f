import { decode, encode, isPlainObject, type Doc } from './documents';

/**
 * MongoDB's wire protocol, the parts a current driver uses: OP_MSG for every command, and
 * OP_QUERY / OP_REPLY for the very first `isMaster` of each connection (the driver does not yet
 * know the server's wire version then, so it asks the old way).
 */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

/** MongoDB's own limit (`maxMessageSizeBytes`); anything longer is a broken stream. */
export const MAX_MESSAGE_BYTES = 48_000_000;
const HEADER_BYTES = 16;

/** OP_MSG flag bits. */
const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;

/** A command as received. */
export interface Request {
  readonly requestId: number;
  /** OP_QUERY: answer with OP_REPLY. */
  readonly legacy: boolean;
  readonly db: string;
  readonly body: Doc;
  /** The client wants no answer (an unacknowledged write). */
  readonly moreToCome: boolean;
}

export class ProtocolError extends Error {}

/** Cuts a TCP byte stream into whole messages, each starting with its int32 length. */
export class MessageReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const messages: Buffer[] = [];
    while (this.buffered.length >= 4) {
      const length = this.buffered.readInt32LE(0);
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
        throw new ProtocolError(`message length ${length} is out of bounds`);
      }
      if (this.buffered.length < length) break;
      messages.push(this.buffered.subarray(0, length));
      this.buffered = this.buffered.subarray(length);
    }
    return messages;
  }
}

export function parseRequest(message: Buffer): Request {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_MSG) return parseMsg(message, requestId);
  if (opCode === OP_QUERY) return parseQuery(message, requestId);
  throw new ProtocolError(
    `opCode ${opCode} is not supported (the stand-in knows OP_MSG and OP_QUERY)`,
  );
}

function cstring(message: Buffer, start: number): { text: string; next: number } {
  const end = message.indexOf(0, start);
  if (end < 0) throw new ProtocolError('unterminated string');
  return { text: message.toString('utf8', start, end), next: end + 1 };
}

/** One BSON document at `start`, and where the next thing begins. */
function bsonAt(message: Buffer, start: number): { doc: Doc; next: number } {
  const size = message.readInt32LE(start);
  if (size < 5 || start + size > message.length) throw new ProtocolError('bad BSON length');
  return { doc: decode(message.subarray(start, start + size)), next: start + size };
}

/**
 * OP_MSG: flags, then sections. Kind 0 is the command document; kind 1 is a sequence of
 * documents (e.g. the `documents` of a large insert) that belongs under its identifier.
 */
function parseMsg(message: Buffer, requestId: number): Request {
  const flags = message.readUInt32LE(HEADER_BYTES);
  const end = flags & CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let position = HEADER_BYTES + 4;
  let body: Doc | undefined;
  const sequences: Doc = {};
  while (position < end) {
    const kind = message.readUInt8(position++);
    if (kind === 0) {
      const read = bsonAt(message, position);
      body = read.doc;
      position = read.next;
    } else if (kind === 1) {
      const sectionEnd = position + message.readInt32LE(position);
      const name = cstring(message, position + 4);
      const docs: Doc[] = [];
      for (let next = name.next; next < sectionEnd;) {
        const read = bsonAt(message, next);
        docs.push(read.doc);
        next = read.next;
      }
      sequences[name.text] = docs;
      position = sectionEnd;
    } else {
      throw new ProtocolError(`OP_MSG section kind ${kind} is unknown`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a command document');
  const db = typeof body.$db === 'string' ? body.$db : 'admin';
  return {
    requestId,
    legacy: false,
    db,
    body: { ...body, ...sequences },
    moreToCome: (flags & MORE_TO_COME) !== 0,
  };
}

/** OP_QUERY on `<db>.$cmd`: the handshake. A `$query` wrapper (read preference) is unwrapped. */
function parseQuery(message: Buffer, requestId: number): Request {
  const collection = cstring(message, HEADER_BYTES + 4);
  const { doc } = bsonAt(message, collection.next + 8);
  const body = isPlainObject(doc.$query) ? doc.$query : doc;
  const db = collection.text.split('.')[0];
  return { requestId, legacy: true, db, body, moreToCome: false };
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  bytes.writeInt32LE(length, 0);
  bytes.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  bytes.writeInt32LE(responseTo, 8);
  bytes.writeInt32LE(opCode, 12);
  return bytes;
}

/** The answer to a request, in the form it was asked in. */
export function encodeReply(request: Request, reply: Doc): Buffer {
  const body = Buffer.from(encode(reply));
  if (request.legacy) {
    // OP_REPLY: responseFlags, cursorID (int64), startingFrom, numberReturned, then the document.
    const fields = Buffer.alloc(20);
    fields.writeInt32LE(1, 16);
    const length = HEADER_BYTES + fields.length + body.length;
    return Buffer.concat([header(length, request.requestId, OP_REPLY), fields, body]);
  }
  // OP_MSG: flagBits 0, one kind-0 section.
  const prefix = Buffer.alloc(5);
  const length = HEADER_BYTES + prefix.length + body.length;
  return Buffer.concat([header(length, request.requestId, OP_MSG), prefix, body]);
}
