import type { UnreadNotificationRequest, UserContact } from '@app/contracts';
import { escapeHtml } from './escape-html';
import type { RenderedMail } from './rendered-mail';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function renderUnreadMail(
  request: UnreadNotificationRequest,
  contact: UserContact,
): RenderedMail {
  const messages = plural(request.unreadMessages, 'unread message', 'unread messages');
  const chats = plural(request.chats, 'chat', 'chats');
  const greeting = `Hi ${contact.name},`;
  return {
    to: contact.email,
    subject: `You have ${messages}`,
    text: [
      greeting,
      '',
      `You have ${messages} in ${chats} since you were last online.`,
      '',
      'Open the app to read them.',
    ].join('\n'),
    html: `<!doctype html>
<html><body style="font-family: sans-serif; color: #222">
<p>${escapeHtml(greeting)}</p>
<p>You have <strong>${escapeHtml(messages)}</strong> in ${escapeHtml(chats)} since you were last online.</p>
<p>Open the app to read them.</p>
</body></html>`,
  };
}
