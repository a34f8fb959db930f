import type { ChatMessage } from '@app/contracts';
import { dayLabel, withDaySeparators } from './days';

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
