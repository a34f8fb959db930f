import type { PushSubscriptionView } from '@app/contracts';
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../api/http';
import { pushApi } from '../api/push';
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
const NOT_HERE: Partial<Record<ReturnType<typeof pushSupport>, string>> = {
  unsupported: 'This browser cannot show notifications while the app is closed.',
  denied:
    "Notifications are blocked for this site. Allow them in the browser's site settings to turn them on here.",
};

/**
 * The profile panel's "Notifications": push on this device (asks the browser's permission when
 * turned on), whether notifications show the message's text, and the account's devices that
 * get them, this one marked, each removable.
 */
export function NotificationSettings() {
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

  return (
    <section aria-labelledby="notifications-heading" className="space-y-2">
      <h3 id="notifications-heading" className="font-semibold">
        Notifications
      </h3>
      {NOT_HERE[support] ? (
        <p className="text-sm text-muted">{NOT_HERE[support]}</p>
      ) : (
        <Switch
          label="Notifications on this device"
          checked={on}
          disabled={busy}
          onChange={(wanted) => void run(wanted ? turnPushOn : turnPushOff)}
        />
      )}
      {showText !== null && (
        <Switch
          label="Show message text in notifications"
          checked={showText}
          disabled={busy}
          onChange={(wanted) => void run(() => pushApi.saveSettings({ showText: wanted }))}
        />
      )}
      <ErrorText>{error}</ErrorText>
      {devices && (
        <>
          <h4 className="pt-2 text-sm font-medium text-ink-soft">Devices with notifications</h4>
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
