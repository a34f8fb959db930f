import { ConflictException, ForbiddenException } from '@nestjs/common';
import { deleteDecision, editDecision, reactionDecision } from './message-change-rules';
import { messageRecord } from '../../test/fixtures/message-record';

const message = messageRecord;

describe('Who may change a message, and how', () => {
  it('lets only the sender edit, changes nothing for the same text, and never a tombstone', () => {
    expect(editDecision('ada', 'hi')(message())).toMatchObject({ text: 'hi' });
    expect(editDecision('ada', 'hello')(message())).toBeNull();
    expect(() => editDecision('bob', 'hi')(message())).toThrow(ForbiddenException);
    expect(() => editDecision('ada', 'hi')(message({ kind: 'system', text: null }))).toThrow(
      ForbiddenException,
    );
    expect(() => editDecision('ada', 'hi')(message({ deletedAt: new Date() }))).toThrow(
      ConflictException,
    );
  });

  it('deletes for the sender or a group moderator, clearing everything but the facts', () => {
    const change = deleteDecision('ada', 'member', 'direct')(message({ mentions: ['bob'] }));
    expect(change).toMatchObject({ text: null, media: null, reactions: [], mentions: [] });
    expect(change?.deletedAt).toBeInstanceOf(Date);
    expect(deleteDecision('bob', 'admin', 'group')(message())).not.toBeNull();
    expect(() => deleteDecision('bob', 'member', 'group')(message())).toThrow(ForbiddenException);
    expect(() => deleteDecision('bob', 'owner', 'direct')(message())).toThrow(ForbiddenException);
    expect(deleteDecision('bob', 'member', 'group')(message({ deletedAt: new Date() }))).toBeNull();
  });

  it('adds a reaction once, keeps order, removes only the person’s own, and caps each person at 20', () => {
    const one = message({ reactions: [{ emoji: '👍', userIds: ['bob'] }] });
    expect(reactionDecision('ada', '👍', true)(one)).toEqual({
      reactions: [{ emoji: '👍', userIds: ['bob', 'ada'] }],
    });
    expect(reactionDecision('bob', '👍', true)(one)).toBeNull();
    expect(reactionDecision('bob', '👍', false)(one)).toEqual({ reactions: [] });
    expect(reactionDecision('ada', '👍', false)(one)).toBeNull();
    const twenty = message({
      reactions: Array.from({ length: 20 }, (_, i) => ({ emoji: `e${i}`, userIds: ['bob'] })),
    });
    expect(() => reactionDecision('bob', '🎉', true)(twenty)).toThrow(ConflictException);
    expect(reactionDecision('ada', '🎉', true)(twenty)?.reactions).toHaveLength(21);
    expect(() => reactionDecision('ada', '🎉', true)(message({ deletedAt: new Date() }))).toThrow(
      ConflictException,
    );
  });
});
