import type { PushSubscriptionView } from '@app/contracts';
import { chatText, useChatText } from '../i18n/chat';
import { formatDay } from '../i18n/format';
import { IconButton } from './ui';

/**
 * The push services browsers use, by the host of their endpoints, named for people. Browsers'
 * names are proper names; only Chromium's list has a word to translate ("or").
 */
const SERVICES: Record<string, () => string> = {
  'fcm.googleapis.com': () => chatText('push.chromium'),
  'updates.push.services.mozilla.com': () => 'Firefox',
  'web.push.apple.com': () => 'Safari',
};

const serviceName = (host: string) =>
  SERVICES[host]?.() ?? (host.endsWith('.notify.windows.com') ? 'Windows' : host);

/** The account's devices that get notifications: this one marked, each removable. */
export function PushDevices({
  devices,
  thisDevice,
  busy,
  onRemove,
}: {
  devices: readonly PushSubscriptionView[];
  thisDevice: (device: PushSubscriptionView) => boolean;
  busy: boolean;
  onRemove: (device: PushSubscriptionView) => void;
}) {
  const t = useChatText();
  if (devices.length === 0) {
    return <p className="text-sm text-muted">{t('push.noDevices')}</p>;
  }
  const now = new Date();
  return (
    <ul aria-label={t('push.devices')} className="divide-y divide-line text-sm">
      {devices.map((device) => {
        const name = serviceName(device.service);
        const since = formatDay(new Date(device.createdAt), now);
        return (
          <li key={device.id} data-testid="push-device" className="flex items-center gap-2 py-2">
            <span className="min-w-0 flex-1">
              <span className="block truncate text-ink">
                {name}
                {thisDevice(device) && (
                  <span className="ml-2 rounded bg-selected px-1.5 py-0.5 text-xs text-selected-ink">
                    {t('push.thisDevice')}
                  </span>
                )}
              </span>
              <span className="block text-xs text-muted">{t('push.since', { date: since })}</span>
            </span>
            <IconButton
              icon="close"
              label={t('push.stopOn', { name })}
              disabled={busy}
              onClick={() => onRemove(device)}
            />
          </li>
        );
      })}
    </ul>
  );
}
