import { find } from 'mingo';
import { isPlainObject, type Doc } from '../documents';
import { CommandError } from '../errors';
import {
  describeIndex,
  ID_INDEX,
  indexConflict,
  parseIndexSpec,
  sameIndex,
  uniqueViolation,
} from '../indexes';
import { latestOf, type Collection } from '../store';
import { parseValidationOptions } from '../validation';
import {
  arrayOption,
  collectionName,
  docOption,
  existingCollection,
  namespaceOf,
  type CommandHandler,
} from './context';

const create: CommandHandler = (context) => {
  const name = collectionName(context);
  const validation = parseValidationOptions(context.body);
  const { collection, created } = context.store.ensureCollection(context.db, name);
  if (!created) {
    throw new CommandError('NamespaceExists', `Collection ${context.db}.${name} already exists.`);
  }
  collection.validation = validation;
  return {};
};

/** What `collMod` takes: the validation options, and the fields every command may carry. */
const COLLMOD_OPTIONS = new Set([
  'validator',
  'validationLevel',
  'validationAction',
  'lsid',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'writeConcern',
  'comment',
  'maxTimeMS',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);

/** `collMod`: only the validation options; index changes (TTL, hidden) are not supported. */
const collMod: CommandHandler = (context) => {
  const collection = existingCollection(context);
  if (!collection) {
    throw new CommandError('NamespaceNotFound', `ns does not exist: ${namespaceOf(context)}`);
  }
  const [, ...options] = Object.keys(context.body).filter((k) => !k.startsWith('$'));
  const unsupported = options.filter((o) => !COLLMOD_OPTIONS.has(o));
  if (unsupported.length > 0) {
    throw new CommandError(
      'InvalidOptions',
      `collMod ${unsupported.join(', ')}: not supported by the stand-in`,
    );
  }
  collection.validation = { ...collection.validation, ...parseValidationOptions(context.body) };
  return {};
};

/** Dropping a collection that is not there succeeds, as it does since MongoDB 7.0. */
const drop: CommandHandler = (context) => {
  const collection = existingCollection(context);
  context.store.dropCollection(context.db, collectionName(context));
  return { ns: namespaceOf(context), nIndexesWas: collection?.indexes.length ?? 0 };
};

const dropDatabase: CommandHandler = ({ store, db }) => {
  store.dropDatabase(db);
  return { dropped: db };
};

function collectionInfo(collection: Collection): Doc {
  return {
    name: collection.name,
    type: 'collection',
    options: { ...collection.validation },
    info: { readOnly: false, uuid: collection.uuid },
    idIndex: describeIndex(ID_INDEX),
  };
}

const listCollections: CommandHandler = (context) => {
  const { body, store, db } = context;
  const infos = store.collections(db).map(collectionInfo);
  const filter = docOption(body, 'filter') ?? {};
  let found = find(infos, filter).all() as Doc[];
  if (body.nameOnly === true) found = found.map(({ name, type }) => ({ name, type }));
  return context.cursors.first(`${db}.$cmd.listCollections`, found, undefined);
};

const listDatabases: CommandHandler = ({ body, store }) => {
  const databases = store
    .databaseNames()
    .map((name) => ({ name, sizeOnDisk: 0, empty: store.collections(name).length === 0 }));
  const filter = docOption(body, 'filter') ?? {};
  const found = find(databases, filter).all() as Doc[];
  if (body.nameOnly === true) return { databases: found.map(({ name }) => ({ name })) };
  return { databases: found, totalSize: 0, totalSizeMb: 0 };
};

/**
 * `createIndexes`: the same index again is a no-op; a clash of name or key is MongoDB's error
 * 85/86; a unique index over documents that already share a key is refused with E11000.
 */
const createIndexes: CommandHandler = (context) => {
  const { collection, created } = context.store.ensureCollection(
    context.db,
    collectionName(context),
  );
  const before = collection.indexes.length;
  const specs = arrayOption(context.body, 'indexes').map(parseIndexSpec);
  for (const spec of specs) {
    if (collection.indexes.some((index) => sameIndex(index, spec))) continue;
    const conflict = indexConflict(collection.indexes, spec);
    if (conflict) throw conflict;
    if (spec.unique) {
      const docs: [string, Doc][] = [];
      for (const [key, versions] of collection.rows) {
        const doc = latestOf(versions);
        if (doc) docs.push([key, doc]);
      }
      for (const [key, doc] of docs) {
        const duplicate = uniqueViolation(collection.namespace, [spec], key, doc, docs);
        if (duplicate) throw duplicate;
      }
    }
    collection.indexes.push(spec);
  }
  const after = collection.indexes.length;
  return {
    createdCollectionAutomatically: created,
    numIndexesBefore: before,
    numIndexesAfter: after,
    ...(after === before ? { note: 'all indexes already exist' } : {}),
  };
};

const listIndexes: CommandHandler = (context) => {
  const collection = existingCollection(context);
  if (!collection) {
    throw new CommandError('NamespaceNotFound', `ns does not exist: ${namespaceOf(context)}`);
  }
  return context.cursors.first(
    namespaceOf(context),
    collection.indexes.map(describeIndex),
    undefined,
  );
};

/** `dropIndexes` by name, names, key pattern, or `'*'` (all but `_id_`). */
const dropIndexes: CommandHandler = (context) => {
  const collection = existingCollection(context);
  if (!collection) {
    throw new CommandError('NamespaceNotFound', `ns not found: ${namespaceOf(context)}`);
  }
  const wanted = context.body.index;
  const before = collection.indexes.length;
  const names = Array.isArray(wanted) ? wanted : [wanted];
  const doomed = collection.indexes.filter(
    (index) =>
      index !== ID_INDEX &&
      (wanted === '*' ||
        names.includes(index.name) ||
        (isPlainObject(wanted) && JSON.stringify(wanted) === JSON.stringify(index.key))),
  );
  if (doomed.length === 0 && wanted !== '*') {
    throw new CommandError('IndexNotFound', `index not found with name [${String(wanted)}]`);
  }
  collection.indexes.splice(
    0,
    collection.indexes.length,
    ...collection.indexes.filter((i) => !doomed.includes(i)),
  );
  return { nIndexesWas: before };
};

export const CATALOG_COMMANDS: Record<string, CommandHandler> = {
  create,
  collMod,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  createIndexes,
  listIndexes,
  dropIndexes,
};
