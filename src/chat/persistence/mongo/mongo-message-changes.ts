import { summaryText, type MessageChange, type MessageRecord } from '../chat.records';
import type { ChangeDecision, ChangedMessage, ChangeFeedQuery } from '../messages.repository';
import { withQuotes, type ChatModels } from './mongo-chat-documents';

/** Thrown inside the transaction to abort it: the decision changed nothing, or there is no message. */
class Undo extends Error {
  constructor(readonly current: MessageRecord | null) {
    super('undone');
  }
}

/**
 * One change to one message, in one transaction (docs/persistence.md): the chat document's
 * `lastChangeSeq` is written first, so concurrent changes to one chat conflict there and the
 * driver runs the losers again; each decision therefore sees the latest committed copy. A decision
 * that changes nothing (or throws) aborts the transaction, so no change seq is used.
 */
export async function changeMessage(
  models: ChatModels,
  chatId: string,
  seq: number,
  decide: ChangeDecision,
): Promise<ChangedMessage | null> {
  try {
    return await models.connection.transaction(async (session) => {
      const chat = await models.chats
        .findOneAndUpdate(
          { _id: chatId },
          { $inc: { lastChangeSeq: 1 } },
          { session, returnDocument: 'after', projection: { lastSeq: 1, lastChangeSeq: 1 } },
        )
        .lean();
      const doc = chat && (await models.messages.findOne({ chatId, seq }).session(session).lean());
      if (!chat || !doc) throw new Undo(null);
      const [current] = await withQuotes(models, [doc], session);
      const change = decide(current);
      if (!change) throw new Undo(current);
      const update = asUpdate({ ...change, changeSeq: chat.lastChangeSeq });
      await models.messages.updateOne({ chatId, seq }, update, { session });
      if (seq === chat.lastSeq && (change.text !== undefined || change.deletedAt)) {
        await models.chats.updateOne({ _id: chatId }, { $set: summaryChange(change) }, { session });
      }
      const updated = await models.messages.findOne({ chatId, seq }).session(session).lean();
      const [message] = await withQuotes(models, [updated!], session);
      return { message, changed: true };
    });
  } catch (error) {
    if (!(error instanceof Undo)) throw error;
    return error.current && { message: error.current, changed: false };
  }
}

/** Nulls are left out of message documents (see chat.schema.ts), so a null is an `$unset`. */
function asUpdate(change: MessageChange & { changeSeq: number }): {
  $set: Record<string, unknown>;
  $unset?: Record<string, 1>;
} {
  const entries: Array<[string, unknown]> = Object.entries(change);
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  for (const [key, value] of entries) {
    if (value === null) $unset[key] = 1;
    else if (value !== undefined) $set[key] = value;
  }
  return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
}

/** The fields of the chat list's summary that a change rewrites. */
function summaryChange(change: MessageChange): Record<string, unknown> {
  return {
    ...(change.text !== undefined && {
      'lastMessage.text': change.text === null ? null : summaryText(change.text),
    }),
    ...(change.deletedAt && {
      'lastMessage.deletedAt': change.deletedAt,
      'lastMessage.attachmentName': null,
    }),
  };
}

/** Messages whose latest change is after `afterChangeSeq`, in change order. */
export async function changeFeed(
  models: ChatModels,
  chatId: string,
  query: ChangeFeedQuery,
): Promise<MessageRecord[]> {
  if (query.limit <= 0) return [];
  const docs = await models.messages
    .find({
      chatId,
      changeSeq: { $gt: query.afterChangeSeq },
      ...(query.atOrBelowSeq !== undefined && { seq: { $lte: query.atOrBelowSeq } }),
    })
    .sort({ changeSeq: 1 })
    .limit(query.limit)
    .lean();
  return withQuotes(models, docs);
}
