import { ObjectId } from 'bson';
import { canonical, isPlainObject, type Doc } from '../documents';
import { asCommandError, CODES, CommandError, duplicateKey } from '../errors';
import type { Collection } from '../store';
import { applyUpdate, parseUpdateSpec, upsertDocument } from '../updates';
import {
  arrayOption,
  collectionName,
  docOption,
  matchingEntries,
  type CommandContext,
  type CommandHandler,
} from './context';

/** Stores a new document, refusing an `_id` the reader already sees (E11000 on `_id_`). */
export function insertDocument(context: CommandContext, collection: Collection, doc: Doc): void {
  const key = canonical(doc._id);
  if (context.writer.get(collection, key)) {
    throw duplicateKey(collection.namespace, '_id_', { _id: 1 }, { _id: doc._id });
  }
  context.writer.write(collection, key, doc);
}

export const collectionForWrite = (context: CommandContext): Collection =>
  context.store.ensureCollection(context.db, collectionName(context)).collection;

/** Errors that end a transaction's command as a whole, not as one statement's write error. */
const TRANSACTION_FATAL = new Set<number>([CODES.WriteConflict, CODES.NoSuchTransaction]);

/**
 * Runs the statements of a write command one by one. A failed statement becomes an entry of
 * `writeErrors`; an ordered command (and any command in a transaction) stops at the first.
 */
function eachStatement(
  context: CommandContext,
  statements: unknown[],
  run: (statement: Doc, index: number) => void,
): Doc[] {
  const ordered = context.body.ordered !== false || context.writer.transaction !== null;
  const writeErrors: Doc[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      if (!isPlainObject(statement)) {
        throw new CommandError('TypeMismatch', 'a statement must be a document');
      }
      run(statement, index);
    } catch (error) {
      const failure = asCommandError(error);
      if (context.writer.transaction && TRANSACTION_FATAL.has(failure.code)) throw failure;
      writeErrors.push(failure.toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors;
}

const withErrors = (reply: Doc, writeErrors: Doc[]) =>
  writeErrors.length > 0 ? { ...reply, writeErrors } : reply;

const insert: CommandHandler = (context) => {
  const collection = collectionForWrite(context);
  let n = 0;
  const writeErrors = eachStatement(context, arrayOption(context.body, 'documents'), (doc) => {
    // The driver sets `_id` itself; the server adds one when it is missing.
    insertDocument(
      context,
      collection,
      doc._id === undefined ? { _id: new ObjectId(), ...doc } : doc,
    );
    n++;
  });
  return withErrors({ n }, writeErrors);
};

const update: CommandHandler = (context) => {
  const collection = collectionForWrite(context);
  let matched = 0;
  let modified = 0;
  const upserted: Doc[] = [];
  const writeErrors = eachStatement(
    context,
    arrayOption(context.body, 'updates'),
    (statement, index) => {
      const filter = docOption(statement, 'q') ?? {};
      const spec = parseUpdateSpec(statement.u);
      const arrayFilters = Array.isArray(statement.arrayFilters)
        ? statement.arrayFilters.filter(isPlainObject)
        : undefined;
      const multi = statement.multi === true;
      if (multi && !Array.isArray(spec) && !Object.keys(spec).some((k) => k.startsWith('$'))) {
        throw new CommandError(
          'FailedToParse',
          'multi update is not supported for replacement-style update',
        );
      }
      let targets = matchingEntries(context, collection, filter);
      if (!multi) targets = targets.slice(0, 1);
      for (const [key, before] of targets) {
        const { doc, changed } = applyUpdate(before, spec, { arrayFilters, filter });
        if (changed) {
          context.writer.write(collection, key, doc);
          modified++;
        }
      }
      matched += targets.length;
      if (targets.length === 0 && statement.upsert === true) {
        const doc = upsertDocument(filter, spec, arrayFilters);
        insertDocument(context, collection, doc);
        upserted.push({ index, _id: doc._id });
      }
    },
  );
  const reply = { n: matched + upserted.length, nModified: modified };
  return withErrors(upserted.length > 0 ? { ...reply, upserted } : reply, writeErrors);
};

const deleteCommand: CommandHandler = (context) => {
  const collection = context.store.collection(context.db, collectionName(context));
  let n = 0;
  const writeErrors = eachStatement(context, arrayOption(context.body, 'deletes'), (statement) => {
    if (!collection) return;
    const limit = statement.limit;
    if (limit !== 0 && limit !== 1) throw new CommandError('BadValue', 'limit must be 0 or 1');
    let targets = matchingEntries(context, collection, docOption(statement, 'q') ?? {});
    if (limit === 1) targets = targets.slice(0, 1);
    for (const [key] of targets) {
      context.writer.write(collection, key, null);
      n++;
    }
  });
  return withErrors({ n }, writeErrors);
};

export const WRITE_COMMANDS: Record<string, CommandHandler> = {
  insert,
  update,
  delete: deleteCommand,
};
