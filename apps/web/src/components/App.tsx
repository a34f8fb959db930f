import type { OwnUserProfile } from '@app/contracts';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, forgetSession, whenSignedOut } from '../api/http';
import { forgetAllDrafts } from '../lib/drafts';
import { SignIn } from './SignIn';

/**
 * The signed-in app (the socket, the store, the chat list, the searches) is its own chunk: the
 * sign-in screen, the first screen of every new visitor, does not wait for it. Loading starts as
 * soon as someone starts signing in, so it is usually there by the time they are in.
 */
const loadChatApp = () => import('./ChatApp');
const ChatApp = lazy(() => loadChatApp().then((m) => ({ default: m.ChatApp })));

type Session = { state: 'checking' } | { state: 'out' } | { state: 'in'; me: OwnUserProfile };

const loading = <p className="p-8 text-center text-muted">Loading…</p>;

/** Signed in (the cookies survive a reload, an expired access token is renewed) or not. */
export function App() {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  // Every way out (the sign-out button, a refused refresh, the server ending the socket's session)
  // comes here. Stable: ChatApp owns the socket for as long as this callback does not change.
  const signedOut = useCallback(() => {
    forgetSession();
    forgetAllDrafts();
    setSession({ state: 'out' });
  }, []);

  useEffect(() => {
    whenSignedOut(signedOut);
    api<OwnUserProfile>('/users/me').then((me) => setSession({ state: 'in', me }), signedOut);
  }, [signedOut]);

  if (session.state === 'checking') return loading;
  if (session.state === 'out') {
    return (
      <SignIn
        onSignedIn={(me) => setSession({ state: 'in', me })}
        onStarted={() => void loadChatApp().catch(() => undefined)}
      />
    );
  }
  return (
    <Suspense fallback={loading}>
      <ChatApp key={session.me.id} me={session.me} onSignedOut={signedOut} />
    </Suspense>
  );
}
