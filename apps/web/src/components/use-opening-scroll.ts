import type { ChatMessage } from '@app/contracts';
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { Conversation } from '../lib/conversation';

/**
 * The first message that was unread when the chat was opened (not one of mine), where the
 * "New messages" divider goes; undefined when everything was read.
 */
export function firstUnreadMessage(
  messages: readonly ChatMessage[],
  unreadSeq: number | undefined,
  myId: string,
): ChatMessage | undefined {
  if (unreadSeq === undefined) return undefined;
  return messages.find((m) => m.seq >= unreadSeq && m.senderId !== myId && m.kind !== 'system');
}

/**
 * Where a chat opens: at its first unread message, under the divider, or else at the newest one.
 * Once the reader is at the bottom it stays there while the content grows (a picture or a font
 * loading, a reaction added), so the newest message is never pushed out of sight.
 */
export function useOpeningScroll({
  scroller,
  content,
  atBottom,
  conversation,
  unreadSeq,
}: {
  scroller: RefObject<HTMLDivElement | null>;
  content: RefObject<HTMLDivElement | null>;
  atBottom: RefObject<boolean>;
  conversation: Conversation;
  /** The seq of the message under the divider, if there is one. */
  unreadSeq: number | undefined;
}): void {
  const placed = useRef(false);
  const oldest = conversation.messages[0]?.seq;
  useLayoutEffect(() => {
    const box = scroller.current;
    if (placed.current || !box || !conversation.loaded) return;
    if (unreadSeq === undefined) {
      placed.current = true;
      return;
    }
    // Older pages are still on their way to the first unread one: wait for them.
    if (conversation.hasMoreBefore && oldest !== undefined && oldest > unreadSeq) return;
    placed.current = true;
    const divider = box.querySelector<HTMLElement>('[data-testid="new-messages"]');
    if (!divider) return;
    box.scrollTop += divider.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    atBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  }, [scroller, atBottom, conversation.loaded, conversation.hasMoreBefore, oldest, unreadSeq]);

  useEffect(() => {
    const box = scroller.current;
    const inner = content.current;
    if (!box || !inner || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) box.scrollTop = box.scrollHeight;
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, [scroller, content, atBottom]);
}
