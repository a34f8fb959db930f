import type { PublicUserProfile } from '@app/contracts';
import { useState } from 'react';
import { describeError } from '../api/http';
import { useChatText } from '../i18n/chat';
import { isBlocked, knownPresence } from '../state/chat-selectors';
import type { ChatState } from '../state/chat-state';
import type { ChatStore } from '../state/chat-store';
import { Avatar } from './Avatar';
import { Handle } from './Handle';
import { ConfirmButton } from './ConfirmButton';
import { Button, ErrorText, Panel } from './ui';

/**
 * Someone's profile: who they are, and blocking them (they can then no longer write to me or see
 * whether I am online) or unblocking them again.
 */
export function PersonPanel({
  store,
  state,
  userId,
  profile,
  onClose,
}: {
  store: ChatStore;
  state: ChatState;
  userId: string;
  profile: PublicUserProfile | null;
  onClose: () => void;
}) {
  const t = useChatText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const blocked = isBlocked(state, userId);
  const name = profile?.name ?? t('people.deletedAccount');
  const presence = knownPresence(state, userId);

  const run = async (work: () => Promise<void>) => {
    setError('');
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title={t('person.profile')} onClose={onClose}>
      <div className="flex items-center gap-3">
        <Avatar id={userId} profile={profile} name={name} online={presence?.online} />
        <div>
          <p className="font-semibold">{name}</p>
          <Handle handle={profile?.handle} className="block" />
          <p className="text-sm text-muted">
            {presence?.online
              ? t('people.online')
              : presence?.lastSeenAt
                ? t('people.offline')
                : ''}
          </p>
        </div>
      </div>
      {blocked ? (
        <>
          <p
            data-testid="blocked-label"
            className="rounded bg-danger-soft px-3 py-2 text-sm font-medium text-danger-ink"
          >
            {t('person.blockedNote', { name })}
          </p>
          <Button
            variant="ghost"
            disabled={busy}
            onClick={() => void run(() => store.unblock(userId))}
          >
            {t('person.unblock', { name })}
          </Button>
        </>
      ) : (
        <ConfirmButton
          disabled={busy}
          question={t('person.blockQuestion', { name })}
          confirmLabel={t('person.blockConfirm')}
          onConfirm={() => void run(() => store.block(userId))}
        >
          {t('person.block', { name })}
        </ConfirmButton>
      )}
      <ErrorText>{error}</ErrorText>
    </Panel>
  );
}
