import type { ChatMessage } from '@app/contracts';
import { dayLabel, lastSeenText, withDaySeparators } from './days';

const at = (iso: string, seq: number) => ({ id: `m${seq}`, seq, createdAt: iso }) as ChatMessage;

describe('day separators', () => {
  const now = new Date(2026, 10, 21, 15, 0);

  it('names today and yesterday, and dates before that', () => {
    expect(dayLabel(new Date(2026, 10, 21, 8, 0).toISOString(), now)).toBe('Today');
    expect(dayLabel(new Date(2026, 10, 20, 23, 59).toISOString(), now)).toBe('Yesterday');
    expect(dayLabel(new Date(2026, 10, 18, 12, 0).toISOString(), now)).not.toMatch(
      /Today|Yesterday/,
    );
  });

  it('puts one separator before the first message of each day', () => {
    const items = withDaySeparators(
      [
        at(new Date(2026, 10, 20, 10, 0).toISOString(), 1),
        at(new Date(2026, 10, 20, 11, 0).toISOString(), 2),
        at(new Date(2026, 10, 21, 9, 0).toISOString(), 3),
      ],
      now,
    );
    expect(items.map((i) => (i.type === 'day' ? i.label : i.message.seq))).toEqual([
      'Yesterday',
      1,
      2,
      'Today',
      3,
    ]);
  });
});

describe('lastSeenText', () => {
  const now = new Date(2026, 11, 7, 15, 0);
  const at = (day: number, hour: number, minute: number) =>
    new Date(2026, 11, day, hour, minute).toISOString();
  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

  it('says today or yesterday with the time, short enough for a phone header', () => {
    expect(lastSeenText(at(7, 13, 14), now)).toBe(`last seen today at ${time(at(7, 13, 14))}`);
    expect(lastSeenText(at(6, 9, 2), now)).toBe(`last seen yesterday at ${time(at(6, 9, 2))}`);
  });

  it('gives the date without the year for an older day of this year', () => {
    const iso = at(3, 18, 40);
    const date = new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
    expect(lastSeenText(iso, now)).toBe(`last seen ${date} at ${time(iso)}`);
  });
});
