import { ObjectId } from 'bson';
import { updateOne, type Modifier, type PipelineStage } from 'mingo/updater';
import {
  canonical,
  cloneDoc,
  idFirst,
  isOperatorDoc,
  isPlainObject,
  setPath,
  type Doc,
} from './documents';
import { CommandError } from './errors';

/** The `u` of an update statement: operators (`$set` …), a replacement, or a pipeline. */
export type UpdateSpec = Doc | Doc[];

export function parseUpdateSpec(raw: unknown): UpdateSpec {
  if (Array.isArray(raw) && raw.every(isPlainObject)) return raw;
  if (!isPlainObject(raw)) throw new CommandError('FailedToParse', 'update must be a document');
  const keys = Object.keys(raw);
  const operators = keys.filter((k) => k.startsWith('$')).length;
  if (operators > 0 && operators < keys.length) {
    throw new CommandError('FailedToParse', 'an update mixes operators and plain fields');
  }
  return raw;
}

/**
 * The document after `update`, computed on a copy (stored versions are never changed), and
 * whether it differs. `inserting` is true when an upsert creates it: `$setOnInsert` applies
 * then only. mingo does every operator but `$setOnInsert`, which it does not know.
 */
export function applyUpdate(
  before: Doc,
  update: UpdateSpec,
  options: { arrayFilters?: Doc[]; filter?: Doc; inserting?: boolean } = {},
): { doc: Doc; changed: boolean } {
  let after: Doc;
  if (Array.isArray(update)) {
    const holder = [cloneDoc(before)];
    updateOne(holder, {}, update as unknown as PipelineStage[]);
    after = holder[0];
  } else if (!isOperatorDoc(update)) {
    after = { ...cloneDoc(update), _id: before._id };
    if ('_id' in update && canonical(update._id) !== canonical(before._id)) throw immutableId();
  } else {
    after = cloneDoc(before);
    const { $setOnInsert, ...operators } = update;
    if (options.inserting && isPlainObject($setOnInsert)) {
      operators.$set = {
        ...(isPlainObject(operators.$set) ? operators.$set : {}),
        ...$setOnInsert,
      };
    }
    // mingo refuses any `$set` of `_id`; MongoDB allows it on insert, and to the same value.
    if (isPlainObject(operators.$set) && '_id' in operators.$set) {
      const { _id, ...set } = operators.$set;
      if (options.inserting) after._id = cloneDoc({ _id })._id;
      else if (canonical(_id) !== canonical(before._id)) throw immutableId();
      if (Object.keys(set).length > 0) operators.$set = set;
      else delete operators.$set;
    }
    if (Object.keys(operators).length > 0) {
      // The positional `$` needs the filter that matched; an upsert's new document has none.
      const positional = !options.inserting && JSON.stringify(operators).includes('.$');
      const holder = [after];
      updateOne(holder, positional ? (options.filter ?? {}) : {}, operators as Modifier<Doc>, {
        arrayFilters: options.arrayFilters,
      });
      after = holder[0];
    }
  }
  if (canonical(after._id) !== canonical(before._id) && !options.inserting) throw immutableId();
  const doc = idFirst(after);
  return { doc, changed: canonical(doc) !== canonical(idFirst(before)) };
}

const immutableId = () =>
  new CommandError(
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );

/**
 * The document an upsert inserts: the filter's equality conditions, then the update applied with
 * `$setOnInsert`, then a new ObjectId when no `_id` came out of either (as mongod does).
 */
export function upsertDocument(filter: Doc, update: UpdateSpec, arrayFilters?: Doc[]): Doc {
  const seed: Doc = {};
  if (Array.isArray(update) || isOperatorDoc(update)) collectEqualities(filter, seed);
  else if ('_id' in filter && !isPlainObject(filter._id)) seed._id = filter._id;
  const { doc } = applyUpdate(seed, update, { arrayFilters, inserting: true });
  return doc._id === undefined ? { _id: new ObjectId(), ...doc } : idFirst(doc);
}

/** `{ a: 1, b: { $eq: 2 }, $and: [{ c: 3 }] }` gives a, b and c; ranges and `$in` give nothing. */
function collectEqualities(filter: Doc, into: Doc): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) collectEqualities(clause, into);
    } else if (field.startsWith('$')) {
      continue;
    } else if (isPlainObject(condition) && isOperatorDoc(condition)) {
      if ('$eq' in condition) setPath(into, field, cloneValue(condition.$eq));
    } else if (!(condition instanceof RegExp)) {
      setPath(into, field, cloneValue(condition));
    }
  }
}

const cloneValue = (value: unknown): unknown => cloneDoc({ v: value }).v;
