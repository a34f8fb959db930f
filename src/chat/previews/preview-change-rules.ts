import { ConflictException, ForbiddenException } from '@nestjs/common';
import type { LinkPreviewView } from '@app/contracts';
import type { MessageRecord } from '../persistence/chat.records';
import type { ChangeDecision } from '../persistence/messages.repository';
import { linksOf } from './message-links';

// Who may change a message's previews and how, decided on the copy the change's transaction sees
// (pure functions, like message-change-rules.ts: a retried transaction runs them again).

/** The previews that still fit the text: each one's link is still at its place among the links. */
export function previewsForText(
  previews: readonly LinkPreviewView[],
  text: string | null,
): LinkPreviewView[] {
  const links = linksOf(text);
  return previews.filter((preview) => links[preview.index] === preview.url);
}

/**
 * Adds the previews fetched for a message's links. Nothing on a deleted message, for a link its
 * text no longer has at that place (edited meanwhile), or for one it already has.
 */
export const previewsFoundDecision =
  (found: readonly LinkPreviewView[]): ChangeDecision =>
  (current: MessageRecord) => {
    if (current.deletedAt || current.kind !== 'text') return null;
    const fresh = previewsForText(found, current.text).filter(
      (preview) => !current.previews.some((held) => held.index === preview.index),
    );
    if (fresh.length === 0) return null;
    return { previews: [...current.previews, ...fresh].sort((a, b) => a.index - b.index) };
  };

/** The sender takes one preview off their message; none with that index changes nothing. */
export const previewRemovalDecision =
  (userId: string, index: number): ChangeDecision =>
  (current: MessageRecord) => {
    if (current.kind === 'system') throw new ForbiddenException('System messages have no previews');
    if (current.senderId !== userId) {
      throw new ForbiddenException('Only the sender can remove a preview of a message');
    }
    if (current.deletedAt) throw new ConflictException('The message was deleted');
    const previews = current.previews.filter((preview) => preview.index !== index);
    return previews.length === current.previews.length ? null : { previews };
  };
