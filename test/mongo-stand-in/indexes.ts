import { Query } from 'mingo';
import { canonical, isPlainObject, valuesAtPath, type Doc } from './documents';
import { CommandError, duplicateKey } from './errors';

/**
 * An index as created. The stand-in never reads through indexes (every query scans the
 * collection); they are kept to enforce uniqueness, to find the fields of a text index, and to be
 * listed back.
 */
export interface IndexSpec {
  readonly name: string;
  readonly key: Doc;
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly partialFilterExpression?: Doc;
  /** The fields a text index covers; `$**` covers every string field. */
  readonly textFields?: readonly string[];
  /** The options as given, echoed by listIndexes. */
  readonly options: Doc;
}

export const ID_INDEX: IndexSpec = {
  name: '_id_',
  key: { _id: 1 },
  unique: true,
  sparse: false,
  options: {},
};

/** Options that do not change what the index is; two specs differing only in these are one. */
const COSMETIC_OPTIONS = new Set(['background', 'v', 'ns', 'name', 'key']);

/** An index of a `createIndexes` command, checked like the server checks it. */
export function parseIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || typeof raw.name !== 'string') {
    throw new CommandError('FailedToParse', 'An index needs a key document and a name');
  }
  const key = raw.key;
  const fields = Object.entries(key);
  if (fields.length === 0) {
    throw new CommandError('CannotCreateIndex', 'Index keys cannot be empty');
  }
  const textFields = fields.filter(([, kind]) => kind === 'text').map(([field]) => field);
  const weights = isPlainObject(raw.weights) ? Object.keys(raw.weights) : [];
  const partial = raw.partialFilterExpression;
  if (partial !== undefined && !isPlainObject(partial)) {
    throw new CommandError('BadValue', 'partialFilterExpression must be a document');
  }
  const options = Object.fromEntries(
    Object.entries(raw).filter(([option]) => !COSMETIC_OPTIONS.has(option)),
  );
  return {
    name: raw.name,
    key,
    unique: raw.unique === true,
    sparse: raw.sparse === true,
    partialFilterExpression: partial,
    textFields: textFields.length > 0 ? [...new Set([...textFields, ...weights])] : undefined,
    options,
  };
}

/** null when the spec can be added; the server's error when an existing index clashes with it. */
export function indexConflict(
  existing: readonly IndexSpec[],
  spec: IndexSpec,
): CommandError | null {
  const sameKey = (a: Doc, b: Doc) => canonical(a) === canonical(b);
  const sameOptions = (a: IndexSpec) => canonical(a.options) === canonical(spec.options);
  for (const index of existing) {
    if (index.name === spec.name) {
      if (!sameKey(index.key, spec.key)) {
        return new CommandError(
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index but a different key: ${index.name}`,
        );
      }
      if (!sameOptions(index)) {
        return new CommandError(
          'IndexOptionsConflict',
          `An existing index has the same name as the requested index but different options: ${index.name}`,
        );
      }
    } else if (sameKey(index.key, spec.key) && sameOptions(index)) {
      return new CommandError(
        'IndexOptionsConflict',
        `Index already exists with a different name: ${index.name}`,
      );
    }
  }
  if (spec.textFields && existing.some((index) => index.textFields)) {
    return new CommandError('CannotCreateIndex', 'only one text index per collection allowed');
  }
  return null;
}

/** The same index again (name, key and options): `createIndexes` then does nothing. */
export const sameIndex = (a: IndexSpec, b: IndexSpec) =>
  a.name === b.name &&
  canonical(a.key) === canonical(b.key) &&
  canonical(a.options) === canonical(b.options);

/** A partial index's filter, compiled once per spec. */
const partialFilters = new WeakMap<IndexSpec, Query>();

function coversDocument(index: IndexSpec, doc: Doc): boolean {
  if (index.sparse && Object.keys(index.key).every((f) => valuesAtPath(doc, f).length === 0)) {
    return false;
  }
  if (!index.partialFilterExpression) return true;
  let filter = partialFilters.get(index);
  if (!filter) {
    filter = new Query(index.partialFilterExpression, {});
    partialFilters.set(index, filter);
  }
  return filter.test(doc);
}

/** One entry of an index: the key's values in key order. */
type Entry = readonly unknown[];

/**
 * The entries a document puts in an index: one per element when a field holds an array (a
 * multikey index), the product of them for a compound key; a missing field indexes as null.
 */
export function indexEntries(index: IndexSpec, doc: Doc): Entry[] {
  if (!coversDocument(index, doc)) return [];
  let entries: Entry[] = [[]];
  for (const field of Object.keys(index.key)) {
    const found = valuesAtPath(doc, field).flatMap((v) =>
      Array.isArray(v) ? (v.length === 0 ? [undefined] : v) : [v],
    );
    const values = found.length === 0 ? [null] : found;
    entries = entries.flatMap((entry) => values.map((value) => [...entry, value]));
  }
  return entries;
}

const entryText = (entry: Entry) => entry.map(canonical).join('\u0000');

/** The unique indexes that need a scan to check (not `_id_`, see below; never a text index). */
const scannedUnique = (indexes: readonly IndexSpec[]) =>
  indexes.filter((index) => index.unique && !index.textFields && index !== ID_INDEX);

/** Whether writes to a collection need unique checks at all (most collections: none). */
export const hasUniqueIndexes = (indexes: readonly IndexSpec[]) =>
  scannedUnique(indexes).length > 0;

/**
 * The E11000 error when `doc` (stored under `key`) shares an entry of a unique index with one of
 * `others`; null when it does not. Text indexes are never unique.
 */
export function uniqueViolation(
  namespace: string,
  indexes: readonly IndexSpec[],
  key: string,
  doc: Doc,
  others: Iterable<readonly [string, Doc]>,
): CommandError | null {
  // `_id_` needs no scan: documents are stored by `_id`, so two never share one.
  const unique = scannedUnique(indexes);
  const mine = unique.map(
    (index) => new Map(indexEntries(index, doc).map((e) => [entryText(e), e])),
  );
  if (mine.every((entries) => entries.size === 0)) return null;
  for (const [otherKey, other] of others) {
    if (otherKey === key) continue;
    for (let i = 0; i < unique.length; i++) {
      if (mine[i].size === 0) continue;
      for (const entry of indexEntries(unique[i], other)) {
        const clash = mine[i].get(entryText(entry));
        if (!clash) continue;
        const fields = Object.keys(unique[i].key);
        const keyValue = Object.fromEntries(fields.map((f, n) => [f, clash[n] ?? null]));
        return duplicateKey(namespace, unique[i].name, unique[i].key, keyValue);
      }
    }
  }
  return null;
}

/** The listIndexes form of an index. */
export function describeIndex(index: IndexSpec): Doc {
  return { v: 2, key: index.key, name: index.name, ...index.options };
}
