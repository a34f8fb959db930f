import type { SessionView } from '@app/contracts';
import { chatText } from '../i18n/chat';
import { formatDay, formatTime } from '../i18n/format';
import { dayKind } from './days';

/** What the server calls a device whose User-Agent it could not read (docs/api.md). */
const UNKNOWN_DEVICE = 'Unknown device';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** This device first, then the others as the server lists them (most recently active first). */
export function sessionsInOrder(sessions: readonly SessionView[]): SessionView[] {
  return [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
}

/** "Firefox on Linux" as the server read it; its "Unknown device" in the language shown. */
export const deviceName = (session: Pick<SessionView, 'device'>): string =>
  session.device === UNKNOWN_DEVICE ? chatText('sessions.unknownDevice') : session.device;

/** "Signed in 3 Dec" (the year only when it is not this one). */
export const signedInText = (iso: string, now = new Date()): string =>
  chatText('sessions.signedIn', { date: formatDay(new Date(iso), now) });

/**
 * "Last active just now", "… 5 minutes ago" within the hour, "… today at 13:14", "… yesterday at
 * 09:02", else "… 3 Dec". A time ahead of this clock (the server's is a little ahead) is now.
 */
export function lastActiveText(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const ago = now.getTime() - at.getTime();
  if (ago < MINUTE_MS) return chatText('sessions.activeNow');
  if (ago < HOUR_MS) {
    return chatText('sessions.activeMinutes', { count: Math.floor(ago / MINUTE_MS) });
  }
  const kind = dayKind(at, now);
  if (kind === 'today') return chatText('sessions.activeToday', { time: formatTime(at) });
  if (kind === 'yesterday') return chatText('sessions.activeYesterday', { time: formatTime(at) });
  return chatText('sessions.activeOn', { date: formatDay(at, now) });
}
