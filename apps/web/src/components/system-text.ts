import type { ChatInfo, SystemEventView } from '@app/contracts';
import { chatText } from '../i18n/chat';
import { formatList } from '../i18n/format';
import type { ChatState } from '../state/chat-state';
import { memberName } from '../state/chat-selectors';

/**
 * A membership change or rename as a sentence; `null` (only the kind is known) gives a summary.
 * When I did it, the sentence has its own form ("You left"; German conjugates the verb for it):
 * the `_me` keys, chosen by i18next's `context`.
 */
export function describeSystemEvent(
  state: ChatState,
  chat: ChatInfo,
  event: SystemEventView | null,
): string {
  if (!event) return chatText('system.updated');
  const myId = state.me.id;
  const actor = memberName(chat, event.actorId);
  const context = event.actorId === myId ? 'me' : undefined;
  // "ada removed you": me as the object of the sentence.
  const people = (event.userIds ?? []).map((id) =>
    id === myId ? chatText('people.youObject') : memberName(chat, id),
  );
  const list = formatList(people);
  switch (event.type) {
    case 'chat_created':
      return chatText('system.created', { actor, context });
    case 'members_added':
      return chatText('system.added', { actor, people: list, context });
    case 'member_removed':
      return chatText('system.removed', { actor, people: list, context });
    case 'member_left':
      return chatText('system.left', { actor, context });
    case 'renamed':
      return chatText('system.renamed', { actor, name: event.name ?? '', context });
  }
}
