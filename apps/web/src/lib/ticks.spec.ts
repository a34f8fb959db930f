import { tickFor } from './ticks';

const member = (userId: string, lastDeliveredSeq: number, lastReadSeq: number) => ({
  userId,
  lastDeliveredSeq,
  lastReadSeq,
});

describe('ticks on my messages', () => {
  const me = member('me', 10, 10);

  it('in a direct chat: sent, then delivered, then read', () => {
    expect(tickFor({ seq: 5 }, 'me', [me, member('bob', 4, 4)]).state).toBe('sent');
    expect(tickFor({ seq: 5 }, 'me', [me, member('bob', 5, 4)]).state).toBe('delivered');
    expect(tickFor({ seq: 5 }, 'me', [me, member('bob', 5, 5)])).toEqual({
      state: 'read',
      readBy: ['bob'],
      others: 1,
    });
  });

  it('counts a read mark as delivery even when the delivered mark lags', () => {
    expect(tickFor({ seq: 5 }, 'me', [me, member('bob', 0, 6)]).state).toBe('read');
  });

  it('in a group: read by N of M, coloured only when everyone has read', () => {
    const members = [me, member('bob', 9, 9), member('cy', 9, 2), member('dee', 1, 1)];
    expect(tickFor({ seq: 5 }, 'me', members)).toEqual({
      state: 'sent',
      readBy: ['bob'],
      others: 3,
    });
    const delivered = [me, member('bob', 9, 9), member('cy', 9, 2), member('dee', 5, 1)];
    expect(tickFor({ seq: 5 }, 'me', delivered).state).toBe('delivered');
  });

  it('stays "sent" in a group with nobody else', () => {
    expect(tickFor({ seq: 1 }, 'me', [me]).state).toBe('sent');
  });
});
