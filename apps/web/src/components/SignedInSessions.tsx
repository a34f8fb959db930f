import type { SessionView } from '@app/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, describeError } from '../api/http';
import { sessionsApi } from '../api/sessions';
import { useChatText } from '../i18n/chat';
import { deviceName, lastActiveText, sessionsInOrder, signedInText } from '../lib/sessions';
import { ConfirmButton } from './ConfirmButton';
import { ErrorText } from './ui';

/** "Last active 5 minutes ago" moves on while the panel stays open. */
const TICK_MS = 60_000;

/**
 * The profile panel's "Where you're signed in": each session of the account with its device, its
 * sign-in and last activity, this device first and marked. Any other one can be signed out (a
 * lost laptop), or all of them at once, each after a confirmation; the list is read again after.
 */
export function SignedInSessions() {
  const t = useChatText();
  const [sessions, setSessions] = useState<SessionView[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [now, setNow] = useState(() => new Date());
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    setSessions(sessionsInOrder(await sessionsApi.list()));
    setNow(new Date());
  }, []);

  useEffect(() => {
    load().catch((e: unknown) => setError(describeError(e)));
    const timer = setInterval(() => setNow(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, [load]);

  /** Does `work` (its answer is what the status line says), then shows the list as it is now. */
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError('');
    setDone('');
    try {
      setDone(await work());
    } catch (e) {
      // Not mine any more (signed out meanwhile, or expired): the list read below shows it gone.
      if (!(e instanceof ApiError && e.status === 404)) setError(describeError(e));
    }
    await load().catch((e: unknown) => setError(describeError(e)));
    setBusy(false);
    // The confirming button went with its row: the keyboard goes on from the heading.
    if (document.activeElement === document.body || document.activeElement === null) {
      heading.current?.focus();
    }
  };

  const signOut = (session: SessionView) =>
    run(async () => {
      await sessionsApi.end(session.id);
      return t('sessions.signedOut', { device: deviceName(session) });
    });

  const signOutOthers = () =>
    run(async () => {
      const { ended } = await sessionsApi.endOthers();
      return t('sessions.signedOutOthers', { count: ended });
    });

  const others = sessions?.filter((s) => !s.current) ?? [];
  return (
    <section aria-labelledby="sessions-heading" className="space-y-2">
      <h3 id="sessions-heading" ref={heading} tabIndex={-1} className="font-semibold">
        {t('sessions.heading')}
      </h3>
      {sessions && (
        <ul aria-labelledby="sessions-heading" className="divide-y divide-line text-sm">
          {sessions.map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              now={now}
              busy={busy}
              onSignOut={() => void signOut(session)}
            />
          ))}
        </ul>
      )}
      {sessions && others.length === 0 && (
        <p className="text-sm text-muted">{t('sessions.onlyHere')}</p>
      )}
      <ErrorText>{error}</ErrorText>
      {/* Always there, so that what was done is read out when it appears. */}
      <p role="status" className="text-sm text-muted">
        {done}
      </p>
      {others.length > 0 && (
        <ConfirmButton
          question={t('sessions.signOutOthersQuestion')}
          confirmLabel={t('sessions.signOutAll')}
          disabled={busy}
          onConfirm={() => void signOutOthers()}
        >
          {t('sessions.signOutOthers')}
        </ConfirmButton>
      )}
    </section>
  );
}

function SessionRow({
  session,
  now,
  busy,
  onSignOut,
}: {
  session: SessionView;
  now: Date;
  busy: boolean;
  onSignOut: () => void;
}) {
  const t = useChatText();
  const device = deviceName(session);
  return (
    <li data-testid="session" data-current={session.current} className="space-y-1 py-2">
      <span className="block text-ink">
        {device}
        {session.current && (
          <span className="ml-2 whitespace-nowrap rounded bg-selected px-1.5 py-0.5 text-xs text-selected-ink">
            {t('sessions.thisDevice')}
          </span>
        )}
      </span>
      <span className="block text-xs text-muted">{signedInText(session.createdAt, now)}</span>
      <span className="block text-xs text-muted">{lastActiveText(session.lastActiveAt, now)}</span>
      {!session.current && (
        <ConfirmButton
          aria-label={t('sessions.signOutNamed', { device })}
          question={t('sessions.signOutQuestion', { device })}
          confirmLabel={t('sessions.signOut')}
          disabled={busy}
          onConfirm={onSignOut}
        >
          {t('sessions.signOut')}
        </ConfirmButton>
      )}
    </li>
  );
}
