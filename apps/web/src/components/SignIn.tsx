import type { AuthSession, OwnUserProfile } from '@app/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, describeError, rememberSession } from '../api/http';
import { normalizeSignInCode, SIGN_IN_CODE_LENGTH } from '../lib/sign-in-code';
import { Button, ErrorText, Field } from './ui';

type Mode = 'code' | 'password' | 'register';

const RESEND_AFTER_SEC = 60;

export function SignIn({
  onSignedIn,
  onStarted,
}: {
  onSignedIn: (me: OwnUserProfile) => void;
  /** Someone sent one of the forms: on the way in (the app behind can start loading). */
  onStarted: () => void;
}) {
  const [mode, setMode] = useState<Mode>('code');
  const tabs: Array<[Mode, string]> = [
    ['code', 'E-mail code'],
    ['password', 'Password'],
    ['register', 'Register'],
  ];
  return (
    // Submit events bubble: any of the forms below.
    <main className="mx-auto mt-12 max-w-sm rounded-lg bg-surface p-6 shadow" onSubmit={onStarted}>
      <h1 className="mb-4 text-xl font-semibold">Sign in to Chat</h1>
      <div role="tablist" aria-label="How to sign in" className="mb-4 flex gap-1">
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
    </main>
  );
}

function CodeSignIn({ onSignedIn }: { onSignedIn: (me: OwnUserProfile) => void }) {
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
        e instanceof ApiError && e.status === 401
          ? 'That code is wrong or has expired. Check the newest e-mail, or ask for a new code.'
          : describeError(e),
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
          Send me a code
        </Button>
      </form>
    );
  }
  return (
    <form className="space-y-3" onSubmit={(event) => void verify(event)}>
      <p className="text-sm text-muted">
        We sent a 6-digit code to <strong>{email}</strong>. It is valid for 5 minutes.
      </p>
      <Field
        label="Code"
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
        Sign in
      </Button>
      <div className="flex justify-between text-sm">
        <Button variant="ghost" onClick={() => setStep('email')}>
          Change e-mail
        </Button>
        <Button variant="ghost" disabled={wait > 0 || busy} onClick={() => void requestCode()}>
          {wait > 0 ? `Resend in ${wait}s` : 'Resend code'}
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
        <Field label="Name" required value={name} onChange={(e) => setName(e.target.value)} />
      )}
      <EmailField value={email} onChange={setEmail} />
      <Field
        label="Password"
        type="password"
        required
        minLength={8}
        autoComplete={register ? 'new-password' : 'current-password'}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <ErrorText>{error}</ErrorText>
      <Button type="submit" disabled={busy} className="w-full">
        {register ? 'Create account' : 'Sign in'}
      </Button>
    </form>
  );
}

function EmailField({ value, onChange }: { value: string; onChange: (email: string) => void }) {
  return (
    <Field
      label="E-mail"
      type="email"
      required
      autoComplete="email"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
