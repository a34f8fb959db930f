import type { OwnUserProfile, SessionEndReason } from '@app/contracts';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, forgetSession, whenSignedOut } from '../api/http';
import { useCommonText } from '../i18n/i18n';
import { forgetAllDrafts } from '../lib/drafts';
import { forgetThisBrowser, keepsSomeone } from '../offline/forget-device';
import { lastSignedIn, rememberSignedIn } from '../offline/offline-db';
import { SignIn } from './SignIn';
import { UpdatePrompt } from './UpdatePrompt';

/**
 * The signed-in app (the socket, the store, the chat list, the searches) is its own chunk: the
 * sign-in screen, the first screen of every new visitor, does not wait for it. Loading starts as
 * soon as someone starts signing in, so it is usually there by the time they are in.
 */
const loadChatApp = () => import('./ChatApp');
const ChatApp = lazy(() => loadChatApp().then((m) => ({ default: m.ChatApp })));

/**
 * `saved`: the server could not be reached; the profile is the one kept in this browser.
 * `elsewhere`: signed out from another of the person's devices, which the sign-in screen says.
 */
type Session =
  | { state: 'checking' }
  | { state: 'out'; elsewhere?: boolean }
  | { state: 'in'; me: OwnUserProfile; saved: boolean };

/** Shown while the session is checked, and while the signed-in app's code loads. */
function Loading() {
  const t = useCommonText();
  return <p className="p-8 text-center text-muted">{t('app.loading')}</p>;
}

/** The server was not reached (no network, or it is down): not an answer about the session. */
const unreachable = (error: unknown) =>
  error instanceof TypeError || (error instanceof ApiError && error.status >= 502);

/**
 * Signed in (the cookies survive a reload, an expired access token is renewed) or not. Without a
 * network the app opens as the person signed in last, with what this browser kept of their chats.
 */
export function App() {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  // Whose data this browser holds, for sign-out to delete it.
  const signedInIds = useRef(new Set<string>());
  // Every way out (the sign-out button, a refused refresh, the server ending the socket's session)
  // comes here, and nothing of the person stays in the browser. Stable: ChatApp owns the socket
  // for as long as this callback does not change. `reason`: the server's, when it ended the
  // session; a refused refresh that follows (an HTTP call's 401) keeps the reason shown.
  const signedOut = useCallback((reason?: SessionEndReason) => {
    forgetSession();
    forgetAllDrafts();
    const ids = [...signedInIds.current];
    void keepsSomeone(ids).then((kept) => (kept ? forgetThisBrowser(ids) : undefined));
    setSession((before) => ({
      state: 'out',
      elsewhere:
        reason === 'signed_out_elsewhere' || (before.state === 'out' && before.elsewhere === true),
    }));
  }, []);

  const signedIn = useCallback((me: OwnUserProfile, saved = false) => {
    signedInIds.current.add(me.id);
    if (!saved) void rememberSignedIn(me).catch(() => undefined);
    setSession({ state: 'in', me, saved });
  }, []);

  useEffect(() => {
    whenSignedOut(signedOut);
    api<OwnUserProfile>('/users/me').then(
      (me) => signedIn(me),
      async (error: unknown) => {
        const kept = unreachable(error) ? await lastSignedIn() : null;
        if (kept) signedIn(kept, true);
        // Unreachable and nobody kept: the sign-in screen, but nothing kept is deleted.
        else if (unreachable(error)) setSession({ state: 'out' });
        else signedOut();
      },
    );
  }, [signedOut, signedIn]);

  // The update prompt sits above the app, in the page's flow: fixed over it, it would cover the
  // composer on a phone.
  return (
    <div className="flex h-full flex-col">
      <UpdatePrompt />
      <div className="min-h-0 flex-1">
        {session.state === 'checking' && <Loading />}
        {session.state === 'out' && (
          <SignIn
            signedOutElsewhere={session.elsewhere === true}
            onSignedIn={(me) => signedIn(me)}
            onStarted={() => void loadChatApp().catch(() => undefined)}
          />
        )}
        {session.state === 'in' && (
          <Suspense fallback={<Loading />}>
            <ChatApp
              key={session.me.id}
              me={session.me}
              savedProfile={session.saved}
              onSignedOut={signedOut}
            />
          </Suspense>
        )}
      </div>
    </div>
  );
}
