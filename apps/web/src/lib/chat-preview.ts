import type { ChatInfo, ChatMessage, LastMessageView } from '@app/contracts';
import { heldCopy, type Conversation } from './conversation';
import { cutText } from './message-merge';

/** Longest text kept for the chat list's preview of the last message (as the server cuts it). */
export const PREVIEW_CHARS = 200;

/** The chat list's preview of a message, as this copy of it shows it. */
export function previewOf(message: ChatMessage): LastMessageView {
  return {
    id: message.id,
    seq: message.seq,
    senderId: message.senderId,
    kind: message.kind,
    text: message.deletedAt || message.text === null ? null : cutText(message.text, PREVIEW_CHARS),
    attachmentName: message.deletedAt ? null : (message.file?.name ?? null),
    createdAt: message.createdAt,
    deletedAt: message.deletedAt ?? null,
    system: message.system,
  };
}

/**
 * A chat as read from the server (the list, one chat, an event), joined with what the client
 * already holds. A read made before changes the client has since applied (its `lastChangeSeq` is
 * below the one held) must not bring back the old preview: the held preview stays, or is rebuilt
 * from a held copy of the last message fresher than the read. A deletion is never undone.
 */
export function freshestChat(
  held: ChatInfo | undefined,
  incoming: ChatInfo,
  conversation: Conversation | undefined,
): ChatInfo {
  if (!held || (held.lastChangeSeq ?? 0) <= (incoming.lastChangeSeq ?? 0)) return incoming;
  // The one that knows the later last message (the read may hold one not received live yet).
  const newer = held.lastSeq > incoming.lastSeq ? held : incoming;
  let lastMessage = newer.lastMessage;
  if (held.lastSeq === incoming.lastSeq) {
    lastMessage = incoming.lastMessage?.deletedAt ? incoming.lastMessage : held.lastMessage;
  }
  const copy = lastMessage && heldCopy(conversation, lastMessage.seq);
  if (copy && copy.changeSeq > (incoming.lastChangeSeq ?? 0)) lastMessage = previewOf(copy);
  return {
    ...incoming,
    lastSeq: newer.lastSeq,
    updatedAt: newer.updatedAt,
    lastChangeSeq: held.lastChangeSeq,
    lastMessage,
  };
}
