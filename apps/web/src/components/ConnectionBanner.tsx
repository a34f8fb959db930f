import { useChatText } from '../i18n/chat';
import type { ConnectionState } from '../state/chat-state';

/**
 * How the connection is, when it is not up: connecting, reconnecting, or, when the page shows
 * what was kept in this browser because the server could not be reached, that it is offline and
 * shows saved messages (what is written meanwhile waits, and is sent once back online).
 */
export function ConnectionBanner({
  connection,
  savedShown,
}: {
  connection: ConnectionState;
  savedShown: boolean;
}) {
  const t = useChatText();
  if (connection === 'online') return null;
  const text = savedShown
    ? t('connection.savedShown')
    : connection === 'connecting'
      ? t('connection.connecting')
      : t('connection.reconnecting');
  return (
    <div
      role="status"
      data-testid="connection-banner"
      className="bg-warn-soft px-3 py-1 text-center text-sm text-warn-ink"
    >
      {text}
    </div>
  );
}
