import type { Doc } from '../documents';
import { CommandError } from '../errors';
import { project, sortDocs } from '../matching';
import { applyUpdate, parseUpdateSpec, upsertDocument } from '../updates';
import { docOption, matchingEntries, type CommandHandler } from './context';
import { collectionForWrite, insertDocument } from './write';

/**
 * `findAndModify` (findOneAndUpdate / findOneAndDelete / findOneAndReplace): the first document
 * of the filter in `sort` order, updated or removed, answered as it was before or (`new`) after.
 * Unlike the write commands, a failure (E11000) fails the whole command.
 */
const findAndModify: CommandHandler = (context) => {
  const { body } = context;
  const collection = collectionForWrite(context);
  const filter = docOption(body, 'query') ?? {};
  const remove = body.remove === true;
  if (remove === (body.update !== undefined)) {
    throw new CommandError('FailedToParse', 'findAndModify needs either remove or update');
  }
  const entries = matchingEntries(context, collection, filter);
  const keyOf = new Map(entries.map(([key, doc]) => [doc, key]));
  const [target] = sortDocs(
    entries.map(([, doc]) => doc),
    body.sort,
  );
  const answer = (doc: Doc | null) => (doc ? project([doc], body.fields)[0] : null);

  if (remove) {
    if (!target) return { lastErrorObject: { n: 0 }, value: null };
    context.writer.write(collection, keyOf.get(target) ?? '', null);
    return { lastErrorObject: { n: 1 }, value: answer(target) };
  }

  const spec = parseUpdateSpec(body.update);
  const arrayFilters = Array.isArray(body.arrayFilters) ? (body.arrayFilters as Doc[]) : undefined;
  if (target) {
    const { doc, changed } = applyUpdate(target, spec, { arrayFilters, filter });
    if (changed) context.writer.write(collection, keyOf.get(target) ?? '', doc);
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: answer(body.new === true ? doc : target),
    };
  }
  if (body.upsert !== true) {
    return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
  }
  const doc = upsertDocument(filter, spec, arrayFilters);
  insertDocument(context, collection, doc);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
    value: body.new === true ? answer(doc) : null,
  };
};

export const FIND_AND_MODIFY_COMMANDS: Record<string, CommandHandler> = { findAndModify };
