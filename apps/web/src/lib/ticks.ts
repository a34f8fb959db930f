import type { ChatMemberView, ChatMessage } from '@app/contracts';

export interface Tick {
  /** sent ✓; delivered ✓✓ (to everyone else); read ✓✓ in colour (by everyone else). */
  state: 'sent' | 'delivered' | 'read';
  /** Other members whose read mark reached the message. */
  readBy: string[];
  /** How many other members the chat has. */
  others: number;
}

/** The receipt state of one of my messages, from the other members' read and delivered marks. */
export function tickFor(
  message: Pick<ChatMessage, 'seq'>,
  myId: string,
  members: readonly Pick<ChatMemberView, 'userId' | 'lastReadSeq' | 'lastDeliveredSeq'>[],
): Tick {
  const others = members.filter((m) => m.userId !== myId);
  const readBy = others.filter((m) => m.lastReadSeq >= message.seq).map((m) => m.userId);
  const deliveredTo = others.filter(
    (m) => m.lastDeliveredSeq >= message.seq || m.lastReadSeq >= message.seq,
  );
  const everyone = (count: number) => others.length > 0 && count === others.length;
  const state = everyone(readBy.length)
    ? 'read'
    : everyone(deliveredTo.length)
      ? 'delivered'
      : 'sent';
  return { state, readBy, others: others.length };
}
