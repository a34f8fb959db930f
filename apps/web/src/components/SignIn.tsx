import type { AuthSession, OwnUserProfile } from '@app/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, describeError, rememberSession } from '../api/http';
import { useCommonText } from '../i18n/i18n';
import { withSlot } from '../i18n/with-slot';
import { normalizeSignInCode, SIGN_IN_CODE_LENGTH } from '../lib/sign-in-code';
import { LanguageSwitch } from './LanguageSwitch';
import { Button, ErrorText, Field } from './ui';

type Mode = 'code' | 'password' | 'register';

const RESEND_AFTER_SEC = 60;

export function SignIn({
  signedOutElsewhere = false,
  onSignedIn,
  onStarted,
}: {
  /** This device's session was ended from another device: said above the forms. */
  signedOutElsewhere?: boolean;
  onSignedIn: (me: OwnUserProfile) => void;
  /** Someone sent one of the forms: on the way in (the app behind can start loading). */
  onStarted: () => void;
}) {
  const t = useCommonText();
  const [mode, setMode] = useState<Mode>('code');
  const tabs: Array<[Mode, string]> = [
    ['code', t('signIn.byCode')],
    ['password', t('signIn.byPassword')],
    ['register', t('signIn.register')],
  ];
  return (
    // Submit events bubble: any of the forms below.
    <main className="mx-auto mt-12 max-w-sm rounded-lg bg-surface p-6 shadow" onSubmit={onStarted}>
      <h1 className="mb-4 text-xl font-semibold">{t('signIn.title')}</h1>
      {/* An alert: read out as the screen appears, which a status region would not be. */}
      {signedOutElsewhere && (
        <p
          role="alert"
          data-testid="signed-out-elsewhere"
          className="mb-4 rounded-md bg-warn-soft px-3 py-2 text-sm text-warn-ink"
        >
          {t('signIn.signedOutElsewhere')}
        </p>
      )}
      <div role="tablist" aria-label={t('signIn.how')} className="mb-4 flex gap-1">
        {tabs.map(([value, label]) => (
          <Button
            key={value}
            role="tab"
            aria-selected={mode === value}
            variant={mode === value ? 'primary' : 'ghost'}
            onClick={() => setMode(value)}
          >
            {label}
          </Button>
        ))}
      </div>
      {mode === 'code' && <CodeSignIn onSignedIn={onSignedIn} />}
      {mode !== 'code' && (
        <PasswordSignIn key={mode} register={mode === 'register'} onSignedIn={onSignedIn} />
      )}
      {/* Before signing in too: someone whose browser asks for another language can read on. */}
      <LanguageSwitch className="mt-6 border-t border-line pt-4" />
    </main>
  );
}

function CodeSignIn({ onSignedIn }: { onSignedIn: (me: OwnUserProfile) => void }) {
  const t = useCommonText();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'email' | 'code'>('email');
  const [wait, setWait] = useState(0);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const requestCode = async () => {
    setError('');
    setBusy(true);
    try {
      const answer = await api<{ resendAfterSec?: number }>('/auth/otp/request', {
        method: 'POST',
        json: { email },
      });
      setStep('code');
      setWait(answer.resendAfterSec ?? RESEND_AFTER_SEC);
    } catch (e) {
      if (e instanceof ApiError && e.retryAfterSec) {
        setStep('code');
        setWait(e.retryAfterSec);
      } else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    setBusy(true);
    try {
      const session = await api<AuthSession>('/auth/otp/verify', {
        method: 'POST',
        json: { email, code: code.trim() },
      });
      rememberSession(session);
      onSignedIn(session.user);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 401 ? t('signIn.wrongCode') : describeError(e),
      );
    } finally {
      setBusy(false);
    }
  };

  if (step === 'email') {
    return (
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          void requestCode();
        }}
      >
        <EmailField value={email} onChange={setEmail} />
        <ErrorText>{error}</ErrorText>
        <Button type="submit" disabled={busy} className="w-full">
          {t('signIn.sendCode')}
        </Button>
      </form>
    );
  }
  return (
    <form className="space-y-3" onSubmit={(event) => void verify(event)}>
      <p className="text-sm text-muted">
        {withSlot((slot) => t('signIn.codeSent', { email: slot }), <strong>{email}</strong>)}
      </p>
      <Field
        label={t('signIn.code')}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        required
        autoFocus
        value={code}
        onChange={(e) => setCode(normalizeSignInCode(e.target.value))}
      />
      <ErrorText>{error}</ErrorText>
      <Button
        type="submit"
        disabled={busy || code.length !== SIGN_IN_CODE_LENGTH}
        className="w-full"
      >
        {t('signIn.signIn')}
      </Button>
      <div className="flex justify-between text-sm">
        <Button variant="ghost" onClick={() => setStep('email')}>
          {t('signIn.changeEmail')}
        </Button>
        <Button variant="ghost" disabled={wait > 0 || busy} onClick={() => void requestCode()}>
          {wait > 0 ? t('signIn.resendIn', { seconds: wait }) : t('signIn.resend')}
        </Button>
      </div>
    </form>
  );
}

function PasswordSignIn({
  register,
  onSignedIn,
}: {
  register: boolean;
  onSignedIn: (me: OwnUserProfile) => void;
}) {
  const t = useCommonText();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    setBusy(true);
    try {
      const session = await api<AuthSession>(register ? '/auth/register' : '/auth/login', {
        method: 'POST',
        json: register ? { email, password, name } : { email, password },
      });
      rememberSession(session);
      onSignedIn(session.user);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="space-y-3" onSubmit={(event) => void submit(event)}>
      {register && (
        <Field
          label={t('signIn.name')}
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      )}
      <EmailField value={email} onChange={setEmail} />
      <Field
        label={t('signIn.password')}
        type="password"
        required
        minLength={8}
        autoComplete={register ? 'new-password' : 'current-password'}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <ErrorText>{error}</ErrorText>
      <Button type="submit" disabled={busy} className="w-full">
        {register ? t('signIn.createAccount') : t('signIn.signIn')}
      </Button>
    </form>
  );
}

function EmailField({ value, onChange }: { value: string; onChange: (email: string) => void }) {
  const t = useCommonText();
  return (
    <Field
      label={t('signIn.email')}
      type="email"
      required
      autoComplete="email"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
