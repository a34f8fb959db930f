import type { ChatInfo, SystemEventView } from '@app/contracts';
import type { ChatState } from '../state/chat-state';
import { memberName } from '../state/chat-selectors';

const nameOf = (state: ChatState, chat: ChatInfo, userId: string) =>
  userId === state.me.id ? 'You' : memberName(chat, userId);

/** A membership change or rename as a sentence; `null` (only the kind is known) gives a summary. */
export function describeSystemEvent(
  state: ChatState,
  chat: ChatInfo,
  event: SystemEventView | null,
): string {
  if (!event) return 'Group updated';
  const actor = nameOf(state, chat, event.actorId);
  const people = (event.userIds ?? []).map((id) => nameOf(state, chat, id)).join(', ');
  switch (event.type) {
    case 'chat_created':
      return `${actor} created the group`;
    case 'members_added':
      return `${actor} added ${people}`;
    case 'member_removed':
      return `${actor} removed ${people}`;
    case 'member_left':
      return `${actor} left`;
    case 'renamed':
      return `${actor} renamed the group to “${event.name ?? ''}”`;
  }
}
