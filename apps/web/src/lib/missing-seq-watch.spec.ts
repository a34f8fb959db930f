import { MissingSeqWatch } from './missing-seq-watch';

/** One chat whose missing seq the test sets; a fill records the ask and may bring the seq. */
function watched() {
  const state = { missing: null as number | null, bringsIt: true };
  const asks: number[] = [];
  const watch = new MissingSeqWatch({
    missingSeq: () => state.missing,
    fill: () => {
      asks.push(Date.now());
      if (state.bringsIt) state.missing = null;
      return Promise.resolve();
    },
  });
  const gap = (missing: number | null) => {
    state.missing = missing;
    watch.check('c1');
  };
  return { watch, state, asks, gap };
}

describe('MissingSeqWatch', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('keeps the deadline of a seq while later messages keep coming, and forgets a filled one', async () => {
    const { asks, gap } = watched();
    gap(5);
    for (let i = 0; i < 3; i += 1) {
      await jest.advanceTimersByTimeAsync(300);
      gap(5);
    }
    await jest.advanceTimersByTimeAsync(100);
    expect(asks).toEqual([1_000]);

    gap(9);
    await jest.advanceTimersByTimeAsync(500);
    gap(null);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(asks).toEqual([1_000]);
  });

  it('gives a newly missing seq its own second, and asks nothing after stop()', async () => {
    const { watch, asks, gap } = watched();
    gap(5);
    await jest.advanceTimersByTimeAsync(800);
    gap(7); // 5 and 6 came; 7 is missing now
    await jest.advanceTimersByTimeAsync(800);
    expect(asks).toEqual([]);
    await jest.advanceTimersByTimeAsync(200);
    expect(asks).toEqual([1_800]);

    gap(9);
    watch.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(asks).toEqual([1_800]);
  });

  it('asks again, each time after a longer pause, while the fill does not bring the seq', async () => {
    const { state, asks, gap } = watched();
    state.bringsIt = false;
    gap(5);
    await jest.advanceTimersByTimeAsync(8_000);
    expect(asks).toEqual([1_000, 3_000, 7_000]);
  });
});
