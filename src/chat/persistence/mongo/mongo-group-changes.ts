import type { ClientSession } from 'mongoose';
import { newId } from '@app/database';
import {
  systemMessage,
  type ChatRecord,
  type MessageRecord,
  type SystemEvent,
} from '../chat.records';
import type { ChatDocument } from './chat.schema';
import {
  appendMessage,
  byJoinOrder,
  CHAT_FIELDS,
  newMembers,
  toChatRecord,
  toMemberRecord,
  type ChatFields,
  type ChatModels,
} from './mongo-chat-documents';

// The group changes of `MongoChatsRepository`: each one transaction that stores the change and
// its system message together. Each writes the chat document first, so that changes to one chat,
// and the messages sent to it, conflict there and run one after another (docs/persistence.md).

export function createGroup(
  models: ChatModels,
  input: { name: string; createdBy: string; memberIds: readonly string[] },
): Promise<{ chat: ChatRecord; message: MessageRecord }> {
  const now = new Date();
  const others = [...new Set(input.memberIds)].filter((id) => id !== input.createdBy);
  const everyone = [input.createdBy, ...others];
  const chat = newChat('group', input.name, input.createdBy, everyone, now);
  const roleOf = (id: string) => (id === input.createdBy ? 'owner' : 'member');
  return models.connection.transaction(async (session) => {
    await models.chats.insertOne(chat, { session });
    await models.members.insertMany(newMembers(chat._id, everyone, roleOf, now), { session });
    const message = await appendSystem(models, session, chat._id, {
      type: 'chat_created',
      actorId: input.createdBy,
      userIds: others,
    });
    const created = await models.chats
      .findOne({ _id: chat._id }, CHAT_FIELDS, { session })
      .lean<ChatFields>();
    if (!created) throw new Error(`Chat ${chat._id} vanished while being created`);
    return { chat: toChatRecord(created), message };
  });
}

export function renameGroup(
  models: ChatModels,
  chatId: string,
  name: string,
  actorId: string,
): Promise<MessageRecord | null> {
  return models.connection.transaction(async (session) => {
    const { matchedCount } = await models.chats.updateOne(
      { _id: chatId },
      { $set: { name } },
      { session },
    );
    if (matchedCount === 0) return null;
    return appendSystem(models, session, chatId, { type: 'renamed', actorId, name });
  });
}

export function addGroupMembers(
  models: ChatModels,
  chatId: string,
  userIds: readonly string[],
  actorId: string,
): Promise<{ added: string[]; message: MessageRecord | null }> {
  const unique = [...new Set(userIds)];
  return models.connection.transaction(async (session) => {
    const before = await models.chats
      .findOneAndUpdate(
        { _id: chatId },
        { $addToSet: { memberIds: { $each: unique } } },
        { session, projection: { memberIds: 1 } },
      )
      .lean();
    const added = unique.filter((id) => before && !before.memberIds.includes(id));
    if (added.length === 0) return { added, message: null };
    const joinedAt = new Date();
    // Someone added again reads on from where they were when they went.
    const former = new Map(
      (
        await models.formerMembers
          .find({ chatId, userId: { $in: added } }, null, { session })
          .lean()
      ).map((doc) => [doc.userId, doc]),
    );
    if (former.size > 0) {
      await models.formerMembers.deleteMany(
        { chatId, userId: { $in: [...former.keys()] } },
        { session },
      );
    }
    const marksOf = (userId: string) => ({
      lastReadSeq: former.get(userId)?.lastReadSeq ?? 0,
      lastDeliveredSeq: former.get(userId)?.lastDeliveredSeq ?? 0,
    });
    await models.members.insertMany(
      newMembers(chatId, added, () => 'member', joinedAt, marksOf),
      { session },
    );
    const event: SystemEvent = { type: 'members_added', actorId, userIds: added };
    return { added, message: await appendSystem(models, session, chatId, event) };
  });
}

export function removeGroupMember(
  models: ChatModels,
  chatId: string,
  userId: string,
  actorId: string,
): Promise<MessageRecord | null> {
  return models.connection.transaction(async (session) => {
    const { modifiedCount } = await models.chats.updateOne(
      { _id: chatId, memberIds: userId },
      { $pull: { memberIds: userId } },
      { session },
    );
    if (modifiedCount === 0) return null;
    const removed = await models.members.findOneAndDelete({ chatId, userId }, { session }).lean();
    if (removed) {
      const { lastReadSeq, lastDeliveredSeq } = removed;
      await models.formerMembers.updateOne(
        { chatId, userId },
        {
          $set: { leftAt: new Date(), lastReadSeq, lastDeliveredSeq },
          $setOnInsert: { _id: newId() },
        },
        { upsert: true, session },
      );
    }
    const message = await appendSystem(models, session, chatId, {
      type: userId === actorId ? 'member_left' : 'member_removed',
      actorId,
      userIds: [userId],
    });
    if (removed?.role === 'owner') await handOverOwnership(models, session, chatId);
    return message;
  });
}

export function newChat(
  kind: ChatDocument['kind'],
  name: string | null,
  createdBy: string,
  memberIds: string[],
  now: Date,
): ChatDocument {
  return {
    _id: newId(now.getTime()),
    kind,
    name,
    createdBy,
    createdAt: now,
    updatedAt: now,
    lastSeq: 0,
    lastChangeSeq: 0,
    lastMessage: null,
    memberIds,
  };
}

async function appendSystem(
  models: ChatModels,
  session: ClientSession,
  chatId: string,
  event: SystemEvent,
): Promise<MessageRecord> {
  const message = await appendMessage(models, session, systemMessage(chatId, event), false);
  if (!message) throw new Error(`Chat ${chatId} does not exist`);
  return message;
}

/** The longest-standing admin, else member, becomes owner. */
async function handOverOwnership(
  models: ChatModels,
  session: ClientSession,
  chatId: string,
): Promise<void> {
  const remaining = await models.members.find({ chatId }, null, { session }).lean();
  const inOrder = remaining.map(toMemberRecord).sort(byJoinOrder);
  const successor = inOrder.find((m) => m.role === 'admin') ?? inOrder[0];
  if (!successor) return;
  await models.members.updateOne(
    { chatId, userId: successor.userId },
    { $set: { role: 'owner' } },
    { session },
  );
}
