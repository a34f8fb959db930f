import { MAX_MESSAGES_PAGE } from '@app/contracts';
import { changedBound, planSyncReads } from './sync-read-plan';

const head = (lastSeq: number, lastChangeSeq = lastSeq) => ({ lastSeq, lastChangeSeq });

describe('planSyncReads: what a chat:sync reads, decided before it reads', () => {
  it('gives each chat its new messages, then its changes, in the order asked, while rows are left', () => {
    const plans = planSyncReads(
      [
        { chatId: 'a', afterSeq: 10, afterChangeSeq: 10 },
        { chatId: 'b', afterSeq: 0, afterChangeSeq: 0 },
        { chatId: 'c', afterSeq: 0 },
      ],
      new Map([
        ['a', head(40, 45)],
        ['b', head(50)],
        ['c', head(5)],
      ]),
      new Map([['a', 5]]),
      60,
    );
    expect(plans.map((p) => [p.chatId, p.changedLimit, p.newLimit])).toEqual([
      ['a', 5, 30],
      ['b', 0, 25],
      ['c', 0, 0],
    ]);
    expect(plans.map((p) => p.newAvailable)).toEqual([30, 50, 5]);
  });

  it('never reads more than a page of new messages for one chat, and knows there are more', () => {
    const [plan] = planSyncReads(
      [{ chatId: 'a', afterSeq: 0 }],
      new Map([['a', head(5000)]]),
      new Map(),
      1000,
    );
    expect(plan.newLimit).toBe(MAX_MESSAGES_PAGE);
    expect(plan.newAvailable).toBe(5000);
  });

  it('reads nothing for chats it does not know or that have nothing new', () => {
    const plans = planSyncReads(
      [
        { chatId: 'gone', afterSeq: 3 },
        { chatId: 'quiet', afterSeq: 7, afterChangeSeq: 9 },
      ],
      new Map([['quiet', head(7, 9)]]),
      new Map(),
      100,
    );
    expect(plans.map((p) => p.changedLimit + p.newLimit)).toEqual([0, 0]);
  });

  it('bounds the changes a chat can have by its head and the cursor', () => {
    expect(changedBound({ chatId: 'a', afterSeq: 10, afterChangeSeq: 12 }, head(20, 30))).toBe(10);
    expect(changedBound({ chatId: 'a', afterSeq: 50, afterChangeSeq: 25 }, head(60, 30))).toBe(5);
    expect(changedBound({ chatId: 'a', afterSeq: 50 }, head(60, 30))).toBe(0);
    expect(changedBound({ chatId: 'a', afterSeq: 0, afterChangeSeq: 0 }, head(60, 60))).toBe(0);
  });
});
