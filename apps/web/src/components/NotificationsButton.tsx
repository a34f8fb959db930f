import { useState } from 'react';
import { useChatText } from '../i18n/chat';
import { Button } from './ui';

const ASKED_KEY = 'chat.notifications-asked';

/** Whether this browser can show notifications, and has not been asked yet. */
function mayAsk(): boolean {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return false;
  try {
    return localStorage.getItem(ASKED_KEY) === null;
  } catch {
    return true;
  }
}

/**
 * Asks once for permission to show notifications, from a click (browsers ignore an ask that no
 * gesture started). Gone once answered, asked, or dismissed with "Not now".
 */
export function NotificationsButton() {
  const t = useChatText();
  const [show, setShow] = useState(mayAsk);
  if (!show) return null;
  const remember = () => {
    try {
      localStorage.setItem(ASKED_KEY, new Date().toISOString());
    } catch {
      // private mode: asked again next time
    }
  };
  const ask = () => {
    remember();
    void Notification.requestPermission().finally(() => setShow(false));
  };
  // "Not now" is an answer too: the banner does not come back on every visit.
  const dismiss = () => {
    remember();
    setShow(false);
  };
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-line bg-accent-soft px-3 py-2 text-sm">
      <span className="flex-1 text-ink-soft">{t('notifications.ask')}</span>
      <Button onClick={ask}>{t('notifications.enable')}</Button>
      <Button variant="ghost" onClick={dismiss}>
        {t('notifications.notNow')}
      </Button>
    </div>
  );
}
