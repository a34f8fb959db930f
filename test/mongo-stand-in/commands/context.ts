import type { Cursors } from '../cursors';
import { canonical, isPlainObject, type Doc } from '../documents';
import { CommandError } from '../errors';
import { compileFilter } from '../matching';
import type { Sessions } from '../sessions';
import type { Collection, Store } from '../store';
import type { Writer } from '../transactions';

/** Who the stand-in says it is, in hello answers. */
export interface ServerIdentity {
  /** `127.0.0.1:<port>`: the replica set's only member, its primary. */
  readonly host: string;
  /** null: a standalone server (hello names no replica set). */
  readonly replicaSetName: string | null;
  readonly connectionId: number;
}

/** Everything one command may use. */
export interface CommandContext {
  readonly db: string;
  readonly body: Doc;
  readonly store: Store;
  /** Reads and writes: the committed state, or the command's transaction. */
  readonly writer: Writer;
  readonly sessions: Sessions;
  readonly cursors: Cursors;
  readonly server: ServerIdentity;
}

/** A command's answer without `ok` (added by the dispatcher); throws `CommandError` on failure. */
export type CommandHandler = (context: CommandContext) => Doc;

/** The collection a command names in its first field (`{ find: 'users', ... }`). */
export function collectionName(context: CommandContext): string {
  const [command] = Object.keys(context.body);
  const name = context.body[command];
  if (typeof name !== 'string' || name.length === 0) {
    throw new CommandError('InvalidNamespace', `${command} needs a collection name`);
  }
  return name;
}

export const namespaceOf = (context: CommandContext) => `${context.db}.${collectionName(context)}`;

export const existingCollection = (context: CommandContext): Collection | undefined =>
  context.store.collection(context.db, collectionName(context));

/** A document-valued option of the command, or undefined; anything else is refused. */
export function docOption(body: Doc, name: string): Doc | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw new CommandError('TypeMismatch', `${name} must be a document`);
  return value;
}

export function arrayOption(body: Doc, name: string): unknown[] {
  const value = body[name];
  if (!Array.isArray(value)) throw new CommandError('TypeMismatch', `${name} must be an array`);
  return value;
}

/**
 * The documents a filter selects, with their keys, in natural order. A filter on one plain `_id`
 * (findById, updateOne by id: most of them) reads that document alone instead of the collection.
 */
export function matchingEntries(
  context: CommandContext,
  collection: Collection,
  filter: unknown,
): [string, Doc][] {
  const matches = compileFilter(filter ?? {}, collection.indexes);
  const id = isPlainObject(filter) ? filter._id : undefined;
  if (id !== undefined && !isPlainObject(id) && !Array.isArray(id) && !(id instanceof RegExp)) {
    const key = canonical(id);
    const doc = context.writer.get(collection, key);
    return doc && matches(doc) ? [[key, doc]] : [];
  }
  return context.writer.entries(collection).filter(([, doc]) => matches(doc));
}
