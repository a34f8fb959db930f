import type { OwnUserProfile } from '@app/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api, forgetSession, whenSignedOut } from '../api/http';
import { forgetAllDrafts } from '../lib/drafts';
import { ChatApp } from './ChatApp';
import { SignIn } from './SignIn';

type Session = { state: 'checking' } | { state: 'out' } | { state: 'in'; me: OwnUserProfile };

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

  if (session.state === 'checking') {
    return <p className="p-8 text-center text-slate-500">Loading…</p>;
  }
  if (session.state === 'out') {
    return <SignIn onSignedIn={(me) => setSession({ state: 'in', me })} />;
  }
  return <ChatApp key={session.me.id} me={session.me} onSignedOut={signedOut} />;
}
