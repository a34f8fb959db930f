import { Long } from 'bson';
import type { Doc } from './documents';
import { CommandError } from './errors';

/** The first batch when the command names no `batchSize`, as on MongoDB. */
const DEFAULT_FIRST_BATCH = 101;
/** A cursor nobody asked for more of in this long is dropped (MongoDB: 10 minutes). */
const CURSOR_IDLE_MS = 10 * 60_000;

interface OpenCursor {
  readonly namespace: string;
  /** The rest of the results: the stand-in computes a read whole, then hands it out in batches. */
  readonly rest: Doc[];
  lastUse: number;
}

/** The `cursor` field of find / aggregate / getMore answers, and the cursors still open. */
export class Cursors {
  private readonly open = new Map<number, OpenCursor>();
  private nextId = 1;

  /** The first batch of `results`; the rest waits under a cursor id for getMore. */
  first(namespace: string, results: Doc[], batchSize: unknown, singleBatch = false): Doc {
    // batchSize 0 asks for an empty first batch: everything comes with getMore.
    const size = batchSize === 0 ? 0 : batchSizeOf(batchSize, DEFAULT_FIRST_BATCH);
    const batch = results.slice(0, size);
    const rest = results.slice(batch.length);
    let id = 0;
    if (rest.length > 0 && !singleBatch) {
      id = this.nextId++;
      this.open.set(id, { namespace, rest, lastUse: Date.now() });
    }
    return { cursor: { firstBatch: batch, id: Long.fromNumber(id), ns: namespace } };
  }

  more(id: unknown, batchSize: unknown): Doc {
    const key = Number(id);
    const cursor = this.open.get(key);
    if (!cursor) throw new CommandError('CursorNotFound', `cursor id ${key} not found`);
    const batch = cursor.rest.splice(0, batchSizeOf(batchSize, cursor.rest.length));
    cursor.lastUse = Date.now();
    if (cursor.rest.length === 0) this.open.delete(key);
    const nextId = cursor.rest.length === 0 ? 0 : key;
    return { cursor: { nextBatch: batch, id: Long.fromNumber(nextId), ns: cursor.namespace } };
  }

  kill(ids: unknown): Doc {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of Array.isArray(ids) ? ids : []) {
      const key = Number(id);
      (this.open.delete(key) ? killed : notFound).push(Long.fromNumber(key));
    }
    return {
      cursorsKilled: killed,
      cursorsNotFound: notFound,
      cursorsAlive: [],
      cursorsUnknown: [],
    };
  }

  sweep(now = Date.now()): void {
    for (const [id, cursor] of this.open) {
      if (now - cursor.lastUse > CURSOR_IDLE_MS) this.open.delete(id);
    }
  }

  clear(): void {
    this.open.clear();
  }
}

function batchSizeOf(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new CommandError('BadValue', 'batchSize must be a non-negative integer');
  }
  // On getMore, 0 (or none) means "as many as there are".
  return value === 0 ? fallback : value;
}
