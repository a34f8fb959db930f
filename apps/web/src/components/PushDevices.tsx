import type { PushSubscriptionView } from '@app/contracts';
import { IconButton } from './ui';

/** The push services browsers use, by the host of their endpoints, named for people. */
const SERVICES: Record<string, string> = {
  'fcm.googleapis.com': 'Chrome, Edge or Android',
  'updates.push.services.mozilla.com': 'Firefox',
  'web.push.apple.com': 'Safari',
};

const serviceName = (host: string) =>
  SERVICES[host] ?? (host.endsWith('.notify.windows.com') ? 'Windows' : host);

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
  if (devices.length === 0) {
    return <p className="text-sm text-muted">No device gets notifications yet.</p>;
  }
  return (
    <ul aria-label="Devices with notifications" className="divide-y divide-line text-sm">
      {devices.map((device) => {
        const name = serviceName(device.service);
        const since = new Date(device.createdAt).toLocaleDateString();
        return (
          <li key={device.id} data-testid="push-device" className="flex items-center gap-2 py-2">
            <span className="min-w-0 flex-1">
              <span className="block truncate text-ink">
                {name}
                {thisDevice(device) && (
                  <span className="ml-2 rounded bg-selected px-1.5 py-0.5 text-xs text-selected-ink">
                    This device
                  </span>
                )}
              </span>
              <span className="block text-xs text-muted">Since {since}</span>
            </span>
            <IconButton
              icon="close"
              label={`Stop notifications on ${name}`}
              disabled={busy}
              onClick={() => onRemove(device)}
            />
          </li>
        );
      })}
    </ul>
  );
}
