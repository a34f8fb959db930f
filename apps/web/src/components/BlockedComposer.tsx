import { useState } from 'react';
import { describeError } from '../api/http';
import { useChatText } from '../i18n/chat';
import type { ChatStore } from '../state/chat-store';
import { Button, ErrorText } from './ui';

/**
 * In place of the composer of a direct chat with someone I blocked: the server would refuse every
 * message, so the box says why and offers the way out instead of letting me type in vain.
 */
export function BlockedComposer({
  store,
  userId,
  name,
}: {
  store: ChatStore;
  userId: string;
  name: string;
}) {
  const t = useChatText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const unblock = async () => {
    setBusy(true);
    setError('');
    try {
      await store.unblock(userId);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      data-testid="blocked-composer"
      className="flex items-center justify-between gap-2 border-t border-line bg-surface p-3"
    >
      <p className="text-sm text-ink-soft">{t('composer.blocked', { name })}</p>
      <Button variant="ghost" disabled={busy} onClick={() => void unblock()}>
        {t('composer.unblock')}
      </Button>
      <ErrorText>{error}</ErrorText>
    </div>
  );
}
