import type { SessionView } from '@app/contracts';
import { deviceName, lastActiveText, sessionsInOrder, signedInText } from './sessions';

const session = (id: string, current = false): SessionView => ({
  id,
  device: 'Firefox on Linux',
  createdAt: '2026-12-01T10:00:00.000Z',
  lastActiveAt: '2026-12-07T10:00:00.000Z',
  current,
});

describe('the sessions list', () => {
  it('shows this device first, then the others in the order the server gave (latest active first)', () => {
    const list = [session('a'), session('b'), session('here', true), session('c')];
    expect(sessionsInOrder(list).map((s) => s.id)).toEqual(['here', 'a', 'b', 'c']);
    expect(sessionsInOrder([session('a'), session('b')]).map((s) => s.id)).toEqual(['a', 'b']);
  });

  it("names the device as the server read it, and its unknown device in the reader's language", () => {
    expect(deviceName({ device: 'Safari on iOS' })).toBe('Safari on iOS');
    expect(deviceName({ device: 'Unknown device' })).toBe('Unknown device');
  });
});

describe('lastActiveText', () => {
  const now = new Date(2026, 11, 7, 15, 0);
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  const at = (month: number, day: number, hour: number, minute: number, year = 2026) =>
    new Date(year, month, day, hour, minute).toISOString();
  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

  it('says just now under a minute, and a time a little ahead of this clock is now too', () => {
    expect(lastActiveText(minutesAgo(0), now)).toBe('Last active just now');
    expect(lastActiveText(minutesAgo(0.9), now)).toBe('Last active just now');
    expect(lastActiveText(minutesAgo(-2), now)).toBe('Last active just now');
  });

  it('counts whole minutes within the hour', () => {
    expect(lastActiveText(minutesAgo(1), now)).toBe('Last active 1 minute ago');
    expect(lastActiveText(minutesAgo(14.5), now)).toBe('Last active 14 minutes ago');
    expect(lastActiveText(minutesAgo(59.9), now)).toBe('Last active 59 minutes ago');
  });

  it('gives the time for today and yesterday, and the date before that', () => {
    expect(lastActiveText(at(11, 7, 13, 14), now)).toBe(
      `Last active today at ${time(at(11, 7, 13, 14))}`,
    );
    expect(lastActiveText(at(11, 6, 9, 2), now)).toBe(
      `Last active yesterday at ${time(at(11, 6, 9, 2))}`,
    );
    const date = new Date(at(11, 3, 18, 40)).toLocaleDateString(undefined, {
      day: 'numeric',
      month: 'short',
    });
    expect(lastActiveText(at(11, 3, 18, 40), now)).toBe(`Last active ${date}`);
    expect(lastActiveText(at(11, 3, 18, 40, 2025), now)).toMatch(/^Last active .*2025$/);
  });

  it('says when the session signed in, with the year only for another year', () => {
    const date = new Date(at(10, 18, 12, 0)).toLocaleDateString(undefined, {
      day: 'numeric',
      month: 'short',
    });
    expect(signedInText(at(10, 18, 12, 0), now)).toBe(`Signed in ${date}`);
    expect(signedInText(at(10, 18, 12, 0, 2025), now)).toMatch(/^Signed in .*2025$/);
  });
});
