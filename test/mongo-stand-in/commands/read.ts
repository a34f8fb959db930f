import { aggregate, ProcessingMode } from 'mingo';
import { canonical, idFirst, isPlainObject, valuesAtPath, type Doc } from '../documents';
import { CommandError } from '../errors';
import { compileFilter, select } from '../matching';
import {
  arrayOption,
  docOption,
  existingCollection,
  matchingEntries,
  namespaceOf,
  type CommandContext,
  type CommandHandler,
} from './context';

/** The documents of the command's collection as the command's reader sees them. */
function documents(context: CommandContext): Doc[] {
  const collection = existingCollection(context);
  return collection ? context.writer.entries(collection).map(([, doc]) => doc) : [];
}

const indexesOf = (context: CommandContext) => existingCollection(context)?.indexes ?? [];

/** `find`: computed whole, handed out in batches (`getMore`); a negative limit is one batch. */
const find: CommandHandler = (context) => {
  const { body } = context;
  const filter = docOption(body, 'filter');
  const collection = existingCollection(context);
  const found = collection
    ? matchingEntries(context, collection, filter).map(([, doc]) => doc)
    : [];
  const results = select(found, {}, indexesOf(context), {
    sort: body.sort,
    skip: body.skip,
    limit: body.limit,
    projection: body.projection,
  });
  const singleBatch =
    body.singleBatch === true || (typeof body.limit === 'number' && body.limit < 0);
  return context.cursors.first(namespaceOf(context), results, body.batchSize, singleBatch);
};

const getMore: CommandHandler = ({ body, cursors }) => cursors.more(body.getMore, body.batchSize);

const killCursors: CommandHandler = ({ body, cursors }) => cursors.kill(body.cursors);

/** Stages that write elsewhere, which the stand-in does not do. */
const WRITING_STAGES = new Set(['$out', '$merge']);

/**
 * `aggregate` through mingo. A leading `$match` is matched here instead, so that it may use
 * `$text` (mingo has no text search); `$lookup` reads the same database through this reader.
 */
const aggregateCommand: CommandHandler = (context) => {
  const { body } = context;
  if (typeof body.aggregate !== 'string') {
    throw new CommandError(
      'InvalidNamespace',
      'collection-less aggregate is not supported by the stand-in',
    );
  }
  if (body.explain === true) {
    throw new CommandError('BadValue', 'explain is not supported by the stand-in');
  }
  const pipeline = arrayOption(body, 'pipeline').map((stage) => {
    if (!isPlainObject(stage)) {
      throw new CommandError('TypeMismatch', 'a pipeline stage must be a document');
    }
    const [name] = Object.keys(stage);
    if (WRITING_STAGES.has(name)) {
      throw new CommandError('BadValue', `${name} is not supported by the stand-in`);
    }
    return stage;
  });
  let input = documents(context);
  const [first] = pipeline;
  if (first && '$match' in first) {
    const matches = compileFilter(first.$match, indexesOf(context));
    input = input.filter((doc) => matches(doc));
    pipeline.shift();
  }
  const results = aggregate(input, pipeline, {
    processingMode: ProcessingMode.CLONE_INPUT,
    collectionResolver: (name) => {
      const collection = context.store.collection(context.db, name);
      return collection ? context.writer.entries(collection).map(([, doc]) => doc) : [];
    },
  }) as Doc[];
  const cursor = docOption(body, 'cursor') ?? {};
  const ordered = results.map((doc) => (isPlainObject(doc) ? idFirst(doc) : doc));
  return context.cursors.first(namespaceOf(context), ordered, cursor.batchSize);
};

/** The old `count` command (`estimatedDocumentCount` uses it): skip and limit apply. */
const count: CommandHandler = (context) => {
  const { body } = context;
  const found = select(documents(context), docOption(body, 'query'), indexesOf(context), {
    skip: body.skip,
    limit: body.limit,
  });
  return { n: found.length };
};

/** `distinct`: each value once; an array field gives its elements, as on MongoDB. */
const distinct: CommandHandler = (context) => {
  const { body } = context;
  if (typeof body.key !== 'string') throw new CommandError('TypeMismatch', 'distinct needs a key');
  const key = body.key;
  const found = select(documents(context), docOption(body, 'query'), indexesOf(context));
  const values = new Map<string, unknown>();
  for (const doc of found) {
    for (const value of valuesAtPath(doc, key)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        values.set(canonical(item), item);
      }
    }
  }
  return { values: [...values.values()] };
};

export const READ_COMMANDS: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  aggregate: aggregateCommand,
  count,
  distinct,
};
