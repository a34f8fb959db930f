import type { PushSubscriptionView } from '@app/contracts';
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../api/http';
import { pushApi } from '../api/push';
import { useChatText } from '../i18n/chat';
import {
  currentSubscription,
  pushSupport,
  thisDeviceId,
  turnPushOff,
  turnPushOn,
} from '../push/push-device';
import { PushDevices } from './PushDevices';
import { Switch } from './Switch';
import { ErrorText } from './ui';

/** What the browser allows, in words, when notifications cannot be turned on here. */
const NOT_HERE: Partial<
  Record<ReturnType<typeof pushSupport>, 'push.unsupported' | 'push.denied'>
> = { unsupported: 'push.unsupported', denied: 'push.denied' };

/**
 * The profile panel's "Notifications": push on this device (asks the browser's permission when
 * turned on), whether notifications show the message's text, and the account's devices that
 * get them, this one marked, each removable.
 */
export function NotificationSettings() {
  const t = useChatText();
  const [support, setSupport] = useState(pushSupport);
  const [on, setOn] = useState(false);
  const [showText, setShowText] = useState<boolean | null>(null);
  const [devices, setDevices] = useState<PushSubscriptionView[] | null>(null);
  const [thisId, setThisId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    const [subscription, id] = await Promise.all([
      currentSubscription().catch(() => null),
      thisDeviceId().catch(() => undefined),
    ]);
    setOn(subscription !== null && id !== undefined);
    setThisId(id);
    const [settings, list] = await Promise.all([pushApi.settings(), pushApi.devices()]);
    setShowText(settings.showText);
    setDevices(list);
  }, []);

  useEffect(() => {
    load().catch((e: unknown) => setError(describeError(e)));
  }, [load]);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError('');
    try {
      await work();
      await load();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSupport(pushSupport());
      setBusy(false);
    }
  };

  const remove = (device: PushSubscriptionView) =>
    run(() => (device.id === thisId ? turnPushOff() : pushApi.remove(device.id)));

  const notHere = NOT_HERE[support];
  return (
    <section aria-labelledby="notifications-heading" className="space-y-2">
      <h3 id="notifications-heading" className="font-semibold">
        {t('push.heading')}
      </h3>
      {notHere ? (
        <p className="text-sm text-muted">{t(notHere)}</p>
      ) : (
        <Switch
          label={t('push.onThisDevice')}
          checked={on}
          disabled={busy}
          onChange={(wanted) => void run(wanted ? turnPushOn : turnPushOff)}
        />
      )}
      {showText !== null && (
        <Switch
          label={t('push.showText')}
          checked={showText}
          disabled={busy}
          onChange={(wanted) => void run(() => pushApi.saveSettings({ showText: wanted }))}
        />
      )}
      <ErrorText>{error}</ErrorText>
      {devices && (
        <>
          <h4 className="pt-2 text-sm font-medium text-ink-soft">{t('push.devices')}</h4>
          <PushDevices
            devices={devices}
            thisDevice={(d) => d.id === thisId || (thisId === undefined && d.currentSession)}
            busy={busy}
            onRemove={(d) => void remove(d)}
          />
        </>
      )}
    </section>
  );
}
