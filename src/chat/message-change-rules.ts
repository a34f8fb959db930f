import { ConflictException, ForbiddenException } from '@nestjs/common';
import { MAX_REACTIONS_PER_PERSON, type ChatKind, type MemberRole } from '@app/contracts';
import type { MessageChange, MessageRecord } from './persistence/chat.records';
import type { ChangeDecision } from './persistence/messages.repository';
import { previewsForText } from './previews/preview-change-rules';

// Who may change a message and how, decided on the copy the change's transaction sees: pure
// functions, since a retried transaction runs them again.

const deletedError = () => new ConflictException('The message was deleted');

function editable(current: MessageRecord, userId: string): void {
  if (current.kind === 'system') throw new ForbiddenException('System messages cannot be edited');
  if (current.senderId !== userId) {
    throw new ForbiddenException('Only the sender can edit a message');
  }
  if (current.deletedAt) throw deletedError();
}

/**
 * The sender's new text (or caption); the same text again changes nothing. Previews of links the
 * new text no longer has (at their place) go with the old text; the new links get none.
 */
export const editDecision =
  (userId: string, text: string): ChangeDecision =>
  (current) => {
    editable(current, userId);
    if (current.text === text) return null;
    const previews = previewsForText(current.previews, text);
    const kept = previews.length === current.previews.length;
    return { text, editedAt: new Date(), ...(!kept && { previews }) };
  };

/**
 * Deleted for everyone by its sender, or in a group by an owner or admin. A tombstone keeps seq,
 * sender, kind and dates (its previews go with the text); deleting it again changes nothing.
 */
export const deleteDecision =
  (userId: string, role: MemberRole, chatKind: ChatKind): ChangeDecision =>
  (current) => {
    if (current.deletedAt) return null;
    if (current.kind === 'system') {
      throw new ForbiddenException('System messages cannot be deleted');
    }
    const moderates = chatKind === 'group' && role !== 'member';
    if (current.senderId !== userId && !moderates) {
      throw new ForbiddenException(
        "Only the sender, or a group's owner or admins, can delete a message",
      );
    }
    return TOMBSTONE(new Date());
  };

const TOMBSTONE = (deletedAt: Date): MessageChange => ({
  text: null,
  mediaId: null,
  media: null,
  replyToSeq: null,
  reactions: [],
  mentions: [],
  previews: [],
  deletedAt,
});

/** Adds or removes the person's emoji; already so: nothing changes. */
export const reactionDecision =
  (userId: string, emoji: string, add: boolean): ChangeDecision =>
  (current) => {
    if (current.kind === 'system') {
      throw new ForbiddenException('System messages take no reactions');
    }
    if (current.deletedAt) throw deletedError();
    const has = current.reactions.some((r) => r.emoji === emoji && r.userIds.includes(userId));
    if (has === add) return null;
    if (!add) {
      const reactions = current.reactions
        .map((r) =>
          r.emoji === emoji ? { ...r, userIds: r.userIds.filter((id) => id !== userId) } : r,
        )
        .filter((r) => r.userIds.length > 0);
      return { reactions };
    }
    const mine = current.reactions.filter((r) => r.userIds.includes(userId)).length;
    if (mine >= MAX_REACTIONS_PER_PERSON) {
      throw new ConflictException(
        `At most ${MAX_REACTIONS_PER_PERSON} different reactions of yours on one message`,
      );
    }
    const existing = current.reactions.some((r) => r.emoji === emoji);
    const reactions = existing
      ? current.reactions.map((r) =>
          r.emoji === emoji ? { ...r, userIds: [...r.userIds, userId] } : r,
        )
      : [...current.reactions, { emoji, userIds: [userId] }];
    return { reactions };
  };
