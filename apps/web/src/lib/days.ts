import type { ChatMessage } from '@app/contracts';
import { chatText } from '../i18n/chat';
import { formatDay, formatTime } from '../i18n/format';

export type TimelineItem =
  | { type: 'day'; key: string; label: string }
  | { type: 'message'; key: string; message: ChatMessage };

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());

export type DayKind = 'today' | 'yesterday' | 'earlier';

/** Today, yesterday (a DST day has 23 or 25 hours), or before, in the reader's time zone. */
export function dayKind(at: Date, now: Date): DayKind {
  const day = startOfDay(at).getTime();
  const today = startOfDay(now).getTime();
  if (day === today) return 'today';
  if (today - day <= 86_400_000 + 3_600_000 && today > day) return 'yesterday';
  return 'earlier';
}

/** "Today", "Yesterday", or the date ("Wed, 3 Dec"), in the reader's time zone and language. */
export function dayLabel(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const kind = dayKind(at, now);
  if (kind === 'today') return chatText('time.today');
  if (kind === 'yesterday') return chatText('time.yesterday');
  return formatDay(at, now, { weekday: true });
}

/**
 * "last seen today at 13:14", "last seen yesterday at 09:02", "last seen 3 Dec at 18:40": short
 * enough for a phone's header, in the reader's time zone, clock and language.
 */
export function lastSeenText(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = formatTime(at);
  const kind = dayKind(at, now);
  if (kind === 'today') return chatText('time.lastSeenToday', { time });
  if (kind === 'yesterday') return chatText('time.lastSeenYesterday', { time });
  return chatText('time.lastSeenOn', { date: formatDay(at, now), time });
}

/** Messages with a day separator before the first message of each day. */
export function withDaySeparators(
  messages: readonly ChatMessage[],
  now = new Date(),
): TimelineItem[] {
  const items: TimelineItem[] = [];
  let previousDay = '';
  for (const message of messages) {
    const day = startOfDay(new Date(message.createdAt)).toISOString();
    if (day !== previousDay) {
      items.push({ type: 'day', key: `day-${day}`, label: dayLabel(message.createdAt, now) });
      previousDay = day;
    }
    items.push({ type: 'message', key: message.id, message });
  }
  return items;
}

/** A message's time of day ("13:14"), in the reader's clock. */
export const timeOf = (iso: string): string => formatTime(new Date(iso));
