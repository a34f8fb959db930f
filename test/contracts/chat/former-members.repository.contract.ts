import { newId } from '@app/database';
import type { ChatRepositoriesUnderTest } from './chats.repository.contract';
import { memberText } from '../fixtures/stored-messages';

/**
 * People who left a group or were removed: the chat keeps who they were (their names stay on what
 * they wrote) and what they had read, so that being added again does not bring back as unread
 * what they had read.
 */
export function describeFormerMembersContract(
  adapter: string,
  open: () => Promise<ChatRepositoriesUnderTest>,
): void {
  describe(`ChatsRepository, former members, contract: ${adapter}`, () => {
    let subject: ChatRepositoriesUnderTest;

    beforeAll(async () => {
      subject = await open();
    });

    afterAll(async () => {
      await subject?.close();
    });

    /** A group of the owner and `others`, with `texts` messages from the owner after it. */
    async function groupWithMessages(others: string[], texts: number) {
      const owner = newId();
      const { chat } = await subject.chats.createGroup({
        name: 'G',
        createdBy: owner,
        memberIds: others,
      });
      for (let n = 0; n < texts; n += 1) {
        await subject.messages.appendFromMember(memberText(chat.id, owner, newId()));
      }
      return { chatId: chat.id, owner };
    }

    it('keeps someone removed as a former member with the marks they had, until added again', async () => {
      const reader = newId();
      const { chatId, owner } = await groupWithMessages([reader], 4);
      await subject.chats.markRead(chatId, reader, 3);
      await subject.chats.removeMember(chatId, reader, owner);
      expect(await subject.chats.listFormerMembersOfChats([chatId])).toEqual([
        expect.objectContaining({ chatId, userId: reader, lastReadSeq: 3, lastDeliveredSeq: 3 }),
      ]);
      const [former] = await subject.chats.listFormerMembersOfChats([chatId]);
      expect(former.leftAt).toBeInstanceOf(Date);

      await subject.messages.appendFromMember(memberText(chatId, owner, newId()));
      await subject.chats.addMembers(chatId, [reader], owner);
      expect(await subject.chats.findMember(chatId, reader)).toMatchObject({
        role: 'member',
        lastReadSeq: 3,
        lastDeliveredSeq: 3,
      });
      expect(await subject.chats.listFormerMembersOfChats([chatId])).toEqual([]);
    });

    it('starts someone never in the chat from nothing read', async () => {
      const { chatId, owner } = await groupWithMessages([], 2);
      const newcomer = newId();
      await subject.chats.addMembers(chatId, [newcomer], owner);
      expect(await subject.chats.findMember(chatId, newcomer)).toMatchObject({
        lastReadSeq: 0,
        lastDeliveredSeq: 0,
      });
    });

    it('keeps the marks of the last time someone went, when they leave twice', async () => {
      const member = newId();
      const { chatId, owner } = await groupWithMessages([member], 3);
      await subject.chats.markRead(chatId, member, 2);
      await subject.chats.removeMember(chatId, member, member);
      await subject.chats.addMembers(chatId, [member], owner);
      await subject.chats.markRead(chatId, member, 5);
      await subject.chats.removeMember(chatId, member, owner);
      expect(await subject.chats.listFormerMembersOfChats([chatId])).toEqual([
        expect.objectContaining({ userId: member, lastReadSeq: 5 }),
      ]);
    });

    it('lists former members chat by chat, the most recent leavers first', async () => {
      const [a, b, c] = [newId(), newId(), newId()];
      const first = await groupWithMessages([a, b], 0);
      const second = await groupWithMessages([c], 0);
      await subject.chats.removeMember(first.chatId, a, first.owner);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await subject.chats.removeMember(first.chatId, b, b);
      await subject.chats.removeMember(second.chatId, c, c);
      const listed = await subject.chats.listFormerMembersOfChats([second.chatId, first.chatId]);
      const byChat = (chatId: string) =>
        listed.filter((f) => f.chatId === chatId).map((f) => f.userId);
      expect(byChat(first.chatId)).toEqual([b, a]);
      expect(byChat(second.chatId)).toEqual([c]);
      expect(await subject.chats.listFormerMembersOfChats([])).toEqual([]);
      expect(await subject.chats.listFormerMembersOfChats([newId()])).toEqual([]);
    });
  });
}
