import type { ChatInfo, ChatMessage } from '@app/contracts';
import { useEffect, useRef, useState } from 'react';
import { chatText } from '../i18n/chat';
import type { Conversation } from '../lib/conversation';
import { summaryOf } from '../lib/message-summary';
import { memberName } from '../state/chat-selectors';

/**
 * How a new message is read out: "bob: See you at 8", "bob sent a photo", "bob: 📎 report.pdf",
 * "bob: 🎤 Voice message: on my way".
 */
export function announcementOf(chat: ChatInfo, message: ChatMessage): string {
  const sender = memberName(chat, message.senderId);
  if (message.kind === 'file' || message.kind === 'voice') {
    const text = summaryOf(message.kind, message.text, message.file?.name);
    return chatText('announce.text', { sender, text });
  }
  if (message.text) return chatText('announce.text', { sender, text: message.text });
  return chatText(message.kind === 'image' ? 'announce.photo' : 'announce.message', { sender });
}

/**
 * What a polite live region says in the open conversation: the newest message that arrived from
 * someone else since the chat was opened (the history there on opening, older pages and my own
 * messages are not news). `quiet` leaves out messages not to be read (from someone I blocked).
 */
export function useNewMessageAnnouncement(
  chat: ChatInfo,
  conversation: Conversation,
  myId: string,
  quiet: (message: ChatMessage) => boolean,
): string {
  const [said, setSaid] = useState('');
  const newestSeen = useRef<number | null>(null);
  useEffect(() => {
    if (!conversation.loaded) return;
    const newest = conversation.messages.at(-1)?.seq ?? 0;
    const before = newestSeen.current;
    newestSeen.current = Math.max(before ?? 0, newest);
    if (before === null) return;
    const arrived = conversation.messages.filter(
      (m) => m.seq > before && m.senderId !== myId && m.kind !== 'system' && !quiet(m),
    );
    const last = arrived.at(-1);
    if (last) setSaid(announcementOf(chat, last));
  }, [chat, conversation.loaded, conversation.messages, myId, quiet]);
  return said;
}
