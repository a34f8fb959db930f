import { GroupCommit, type GroupWriter } from './group-commit';

/**
 * A writer whose batch writes finish only when the test says so, recording what each held. A
 * batch leaves negative items out, and fails as a whole when it holds 0; a single write fails
 * for 0 alone.
 */
function controlledWriter() {
  const batches: number[][] = [];
  const alone: number[] = [];
  const finish: Array<() => void> = [];
  const writer: GroupWriter<number, number> = {
    many: (items) => {
      batches.push([...items]);
      return new Promise((resolve, reject) => {
        finish.push(() =>
          items.includes(0)
            ? reject(new Error('statement failed'))
            : resolve(items.map((n) => (n < 0 ? undefined : n * 10))),
        );
      });
    },
    one: (item) => {
      alone.push(item);
      return item === 0 ? Promise.reject(new Error('refused 0')) : Promise.resolve(item * 100);
    },
  };
  return { batches, alone, finish, writer };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes a lone item at once, with the single write', async () => {
    const { writer, batches, alone } = controlledWriter();
    const commit = new GroupCommit(writer, { maxBatch: 10, maxInFlight: 1 });
    await expect(commit.submit(1)).resolves.toBe(100);
    expect(batches).toEqual([]);
    expect(alone).toEqual([1]);
  });

  it('gathers what arrives while a batch is written into the next one, in arrival order', async () => {
    const { writer, batches, finish } = controlledWriter();
    const commit = new GroupCommit(writer, { maxBatch: 10, maxInFlight: 1 });
    const first = [1, 2].map((n) => commit.submit(n));
    await nextTurn();
    const later = [3, 4, 5].map((n) => commit.submit(n));
    await nextTurn();
    expect(batches).toEqual([[1, 2]]);
    finish[0]();
    await Promise.all(first);
    await nextTurn();
    await nextTurn();
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    finish[1]();
    await expect(Promise.all(later)).resolves.toEqual([30, 40, 50]);
  });

  it('keeps batches to their maximum size and to the batches allowed in flight', async () => {
    const { writer, batches, finish } = controlledWriter();
    const commit = new GroupCommit(writer, { maxBatch: 2, maxInFlight: 2 });
    const results = [1, 2, 3, 4, 5, 6].map((n) => commit.submit(n));
    await nextTurn();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    finish[0]();
    await nextTurn();
    await nextTurn();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    finish[1]();
    finish[2]();
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('writes what a batch left out alone, so its caller gets an answer like any other', async () => {
    const { writer, alone, finish } = controlledWriter();
    const commit = new GroupCommit(writer, { maxBatch: 10, maxInFlight: 1 });
    const results = [1, -2, 3].map((n) => commit.submit(n));
    await nextTurn();
    finish[0]();
    await expect(Promise.all(results)).resolves.toEqual([10, -200, 30]);
    expect(alone).toEqual([-2]);
  });

  it('writes each item of a failed batch alone, so only the bad one fails', async () => {
    const { writer, alone, finish } = controlledWriter();
    const commit = new GroupCommit(writer, { maxBatch: 10, maxInFlight: 1 });
    const results = [1, 0, 3].map((n) => commit.submit(n));
    await nextTurn();
    finish[0]();
    const settled = await Promise.allSettled(results);
    expect(settled).toEqual([
      { status: 'fulfilled', value: 100 },
      { status: 'rejected', reason: new Error('refused 0') },
      { status: 'fulfilled', value: 300 },
    ]);
    expect(alone).toEqual([1, 0, 3]);
  });
});
