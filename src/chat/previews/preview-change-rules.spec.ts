import { ConflictException, ForbiddenException } from '@nestjs/common';
import type { LinkPreviewView } from '@app/contracts';
import { deleteDecision, editDecision } from '../message-change-rules';
import type { MessageRecord } from '../persistence/chat.records';
import { messageRecord } from '../../../test/fixtures/message-record';
import { previewRemovalDecision, previewsFoundDecision } from './preview-change-rules';

const TEXT = 'see https://a.example/ and https://b.example/';

const message = (more: Partial<MessageRecord> = {}): MessageRecord =>
  messageRecord({ text: TEXT, ...more });

const preview = (index: number, url: string): LinkPreviewView => ({
  index,
  url,
  title: `title ${index}`,
  description: null,
  siteName: null,
  image: null,
});
const A = preview(0, 'https://a.example/');
const B = preview(1, 'https://b.example/');

describe('Who may change the previews of a message, and how', () => {
  it('adds what was found, in link order, once, and only for links the text still has there', () => {
    expect(previewsFoundDecision([B, A])(message())).toEqual({ previews: [A, B] });
    expect(previewsFoundDecision([B])(message({ previews: [A] }))).toEqual({ previews: [A, B] });
    expect(previewsFoundDecision([A])(message({ previews: [A] }))).toBeNull();
    expect(previewsFoundDecision([A, B])(message({ text: 'now https://b.example/' }))).toBeNull();
    expect(previewsFoundDecision([A])(message({ deletedAt: new Date() }))).toBeNull();
  });

  it('lets only the sender remove one, changes nothing when it is not there, never on a tombstone', () => {
    const held = message({ previews: [A, B] });
    expect(previewRemovalDecision('ada', 0)(held)).toEqual({ previews: [B] });
    expect(previewRemovalDecision('ada', 2)(held)).toBeNull();
    expect(() => previewRemovalDecision('bob', 0)(held)).toThrow(ForbiddenException);
    expect(() => previewRemovalDecision('ada', 0)(message({ deletedAt: new Date() }))).toThrow(
      ConflictException,
    );
  });

  it('drops the previews of links an edit removes, and all of them with a deletion', () => {
    const held = message({ previews: [A, B] });
    expect(editDecision('ada', 'only https://a.example/ now')(held)).toMatchObject({
      previews: [A],
    });
    expect(editDecision('ada', `${TEXT}!`)(held)).not.toHaveProperty('previews');
    expect(deleteDecision('ada', 'member', 'direct')(held)).toMatchObject({ previews: [] });
  });
});
