import type { NotificationRequest } from '../state/store-deps';

/** A browser notification, if the person allowed them; clicking it opens the chat. */
export function showNotification(
  request: NotificationRequest,
  open: (chatId: string) => void,
): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const notification = new Notification(request.title, { body: request.body, tag: request.tag });
  notification.onclick = () => {
    window.focus();
    open(request.chatId);
    notification.close();
  };
}
