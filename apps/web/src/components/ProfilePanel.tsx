import type { OwnUserProfile } from '@app/contracts';
import { useState } from 'react';
import { api, describeError } from '../api/http';
import { uploadImage } from '../api/upload';
import { useChatText } from '../i18n/chat';
import { Avatar } from './Avatar';
import { HandleForm } from './HandleForm';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationSettings } from './NotificationSettings';
import { SignedInSessions } from './SignedInSessions';
import { Switch } from './Switch';
import { Button, ErrorText, Field, Panel } from './ui';
import { useLinkPreviews } from './use-link-previews';

export function ProfilePanel({
  me,
  onClose,
  onSignedOut,
  onChanged,
}: {
  me: OwnUserProfile;
  onClose: () => void;
  onSignedOut: () => void;
  onChanged: (me: OwnUserProfile) => void;
}) {
  const t = useChatText();
  const [name, setName] = useState(me.name);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [showPreviews, setShowPreviews] = useLinkPreviews(me.id);

  const save = async (changes: { name?: string; avatarMediaId?: string | null }) => {
    setError('');
    setBusy(true);
    try {
      onChanged(await api<OwnUserProfile>('/users/me', { method: 'PATCH', json: changes }));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const changeAvatar = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const media = await uploadImage(file, () => undefined);
      await save({ avatarMediaId: media.id });
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };

  const signOut = async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    onSignedOut();
  };

  return (
    <Panel title={t('profile.title')} onClose={onClose}>
      <div className="flex items-center gap-3">
        <Avatar id={me.id} profile={me} name={me.name} />
        {/* The file input is hidden: the ring shows on its label while it has the focus. */}
        <label className="cursor-pointer rounded text-sm text-link underline outline-2 outline-offset-2 outline-focus has-[:focus-visible]:outline">
          {t('profile.changePicture')}
          <input
            type="file"
            accept="image/jpeg,image/png,image/gif,image/webp"
            className="sr-only"
            onChange={(e) => void changeAvatar(e.target.files?.[0])}
          />
        </label>
        {me.avatarUrl && (
          <Button variant="ghost" onClick={() => void save({ avatarMediaId: null })}>
            {t('profile.removePicture')}
          </Button>
        )}
      </div>
      <p className="text-sm text-muted">
        @{me.handle} · {me.email}
      </p>
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          void save({ name });
        }}
      >
        <Field
          label={t('profile.displayName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Button type="submit" disabled={busy || !name.trim() || name === me.name}>
          {t('profile.save')}
        </Button>
      </form>
      <ErrorText>{error}</ErrorText>
      <HandleForm me={me} onChanged={onChanged} />
      <NotificationSettings />
      {/* Kept in this browser, like the language below. */}
      <Switch label={t('linkPreview.setting')} checked={showPreviews} onChange={setShowPreviews} />
      <LanguageSwitch />
      <SignedInSessions />
      <Button variant="danger" onClick={() => void signOut()}>
        {t('profile.signOut')}
      </Button>
    </Panel>
  );
}
