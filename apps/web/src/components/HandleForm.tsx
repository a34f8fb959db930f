import type { OwnUserProfile } from '@app/contracts';
import { useState } from 'react';
import { api, describeError } from '../api/http';
import { useChatText } from '../i18n/chat';
import { describeHandleError, handleRule, isValidHandle, normaliseHandle } from '../lib/handle';
import { Button, ErrorText, INPUT_CLASS } from './ui';

/**
 * Changing one's own @handle. What is typed is read as a handle (lower case, no "@"); one that
 * cannot be a handle is explained before anything is sent, and the server's refusals (taken,
 * invalid) are said in words, next to the box.
 */
export function HandleForm({
  me,
  onChanged,
}: {
  me: OwnUserProfile;
  onChanged: (me: OwnUserProfile) => void;
}) {
  const t = useChatText();
  const [typed, setTyped] = useState(me.handle);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const handle = normaliseHandle(typed);

  const save = async () => {
    setSaved(false);
    if (!isValidHandle(handle)) {
      setError(handleRule());
      return;
    }
    setError('');
    setBusy(true);
    try {
      onChanged(await api<OwnUserProfile>('/users/me', { method: 'PATCH', json: { handle } }));
      setTyped(handle);
      setSaved(true);
    } catch (e) {
      setError(describeHandleError(e, handle) ?? describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label className="block text-sm font-medium text-ink-soft">
        {t('handle.label')}
        <span className="mt-1 flex items-center gap-1">
          <span aria-hidden="true" className="text-muted">
            @
          </span>
          <input
            className={INPUT_CLASS}
            value={typed}
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            maxLength={21}
            aria-invalid={error ? true : undefined}
            aria-describedby="handle-hint"
            onChange={(e) => {
              setTyped(e.target.value);
              setError('');
              setSaved(false);
            }}
          />
        </span>
      </label>
      <p id="handle-hint" className="text-xs text-muted">
        {t('handle.hint')}
      </p>
      <Button type="submit" disabled={busy || handle === me.handle}>
        {t('handle.save')}
      </Button>
      {saved && (
        <p role="status" className="text-sm text-muted">
          {t('handle.saved', { handle: me.handle })}
        </p>
      )}
      <ErrorText>{error}</ErrorText>
    </form>
  );
}
