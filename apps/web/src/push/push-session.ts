import { registerIfAllowed } from './push-device';

/**
 * The signed-in page's side of push: registers this browser's subscription for the session
 * (where allowed), and opens the chat of a notification the person clicked (the service worker
 * brings this window to the front and names the chat). Returns the stop, for sign-out.
 */
export function startPush(openChat: (chatId: string) => void): () => void {
  void registerIfAllowed().catch(() => undefined);
  // Allowed later (the chat list's "Enable notifications", the browser's site settings): the
  // subscription follows at once rather than at the next sign-in.
  let stopped = false;
  let permission: PermissionStatus | null = null;
  const allowedNow = () => {
    if (!stopped && permission?.state === 'granted')
      void registerIfAllowed().catch(() => undefined);
  };
  navigator.permissions
    ?.query({ name: 'notifications' })
    .then((status) => {
      permission = status;
      status.addEventListener('change', allowedNow);
    })
    .catch(() => undefined);
  const container = 'serviceWorker' in navigator ? navigator.serviceWorker : null;
  const onMessage = (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown; chatId?: unknown } | null;
    if (data?.type === 'open-chat' && typeof data.chatId === 'string') openChat(data.chatId);
  };
  container?.addEventListener('message', onMessage);
  // Messages wait in a queue until the page says it listens (setting onmessage would too).
  container?.startMessages();
  return () => {
    stopped = true;
    permission?.removeEventListener('change', allowedNow);
    container?.removeEventListener('message', onMessage);
  };
}

/** The unread total on the installed app's icon, where the system shows badges; 0 clears it. */
export function showUnreadOnBadge(total: number): void {
  if (typeof navigator.setAppBadge !== 'function') return;
  const done = total > 0 ? navigator.setAppBadge(total) : navigator.clearAppBadge();
  done.catch(() => undefined); // not allowed here (a plain tab on some systems): nothing to show
}
