import type { LinkPreviewView } from '@app/contracts';
import { newId } from '@app/database';
import type { ChatsRepository } from '@src/chat/persistence/chats.repository';
import type { MessagesRepository } from '@src/chat/persistence/messages.repository';
import { memberText, messageOf, storedMediaView } from '../fixtures/stored-messages';
import type { ChatRepositoriesUnderTest } from './chats.repository.contract';

/**
 * Link previews as every `MessagesRepository` adapter keeps them: none on a new message, added
 * and removed as changes of the change log, read back with the message, and their pictures
 * visible to the chat's members only (`isMediaPostedInChatOf`).
 */
export function describeLinkPreviewsContract(
  adapter: string,
  open: () => Promise<ChatRepositoriesUnderTest>,
): void {
  describe(`MessagesRepository link previews contract: ${adapter}`, () => {
    let subject: ChatRepositoriesUnderTest;
    let chats: ChatsRepository;
    let messages: MessagesRepository;

    beforeAll(async () => {
      subject = await open();
      ({ chats, messages } = subject);
    });

    afterAll(async () => {
      await subject?.close();
    });

    const preview = (index: number, imageId: string | null): LinkPreviewView => ({
      index,
      url: `https://example.com/${index}`,
      title: `Page ${index}`,
      description: null,
      siteName: 'Example',
      image: imageId === null ? null : storedMediaView(imageId),
    });

    it('stores previews as a change, reads them back, and shows their pictures to members only', async () => {
      const [ada, bob, outsider] = [newId(), newId(), newId()];
      const { chat } = await chats.findOrCreateDirect(ada, bob, ada);
      const sent = messageOf(
        await messages.appendFromMember(memberText(chat.id, ada, 'see https://example.com/0')),
      );
      expect(sent.previews).toEqual([]);
      const picture = newId();
      expect(await messages.isMediaPostedInChatOf(bob, picture)).toBe(false);

      const previews = [preview(0, picture), preview(1, null)];
      const added = await messages.change(chat.id, sent.seq, () => ({ previews }));
      expect(added).toMatchObject({ changed: true, message: { previews, changeSeq: 2 } });
      expect((await messages.findBySeq(chat.id, sent.seq))?.previews).toEqual(previews);
      const feed = await messages.changedSince(chat.id, { afterChangeSeq: 1, limit: 10 });
      expect(feed.map((m) => m.previews)).toEqual([previews]);

      expect(await messages.isMediaPostedInChatOf(bob, picture)).toBe(true);
      expect(await messages.isMediaPostedInChatOf(ada, picture)).toBe(true);
      expect(await messages.isMediaPostedInChatOf(outsider, picture)).toBe(false);
      expect(await messages.isMediaPostedInChatOf(bob, newId())).toBe(false);

      const removed = await messages.change(chat.id, sent.seq, () => ({
        previews: [preview(1, null)],
      }));
      expect(removed?.message.previews).toEqual([preview(1, null)]);
      expect(await messages.isMediaPostedInChatOf(bob, picture)).toBe(false);
    });
  });
}
