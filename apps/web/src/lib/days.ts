import type { ChatMessage } from '@app/contracts';

export type TimelineItem =
  | { type: 'day'; key: string; label: string }
  | { type: 'message'; key: string; message: ChatMessage };

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());

/** "Today", "Yesterday", or the date, in the reader's time zone. */
export function dayLabel(iso: string, now = new Date()): string {
  const day = startOfDay(new Date(iso)).getTime();
  const today = startOfDay(now).getTime();
  if (day === today) return 'Today';
  if (today - day <= 86_400_000 + 3_600_000 && today > day) return 'Yesterday';
  return new Date(iso).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: new Date(iso).getFullYear() === now.getFullYear() ? undefined : 'numeric',
  });
}

/**
 * "last seen today at 13:14", "last seen yesterday at 09:02", "last seen 3 Dec at 18:40": short
 * enough for a phone's header, in the reader's time zone and clock.
 */
export function lastSeenText(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const day = dayLabel(iso, now);
  const when =
    day === 'Today' || day === 'Yesterday'
      ? day.toLowerCase()
      : at.toLocaleDateString(undefined, {
          day: 'numeric',
          month: 'short',
          year: at.getFullYear() === now.getFullYear() ? undefined : 'numeric',
        });
  return `last seen ${when} at ${time}`;
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

export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
