import { GroupCommit } from './group-commit';

/** A writer whose batches finish only when the test says so, recording what each held. */
function controlledWriter() {
  const batches: number[][] = [];
  const finish: Array<() => void> = [];
  const write = (items: readonly number[]) => {
    batches.push([...items]);
    return new Promise<Array<number | Error>>((resolve) => {
      finish.push(() => resolve(items.map((n) => (n < 0 ? new Error(`refused ${n}`) : n * 10))));
    });
  };
  return { batches, finish, write };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes a lone item at once, in a batch of its own', async () => {
    const writer = controlledWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 10, maxInFlight: 1 });
    const result = commit.submit(1);
    await nextTurn();
    expect(writer.batches).toEqual([[1]]);
    writer.finish[0]();
    await expect(result).resolves.toBe(10);
  });

  it('gathers what arrives while a batch is written into the next one, in arrival order', async () => {
    const writer = controlledWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 10, maxInFlight: 1 });
    const first = commit.submit(1);
    await nextTurn();
    const later = [2, 3, 4].map((n) => commit.submit(n));
    await nextTurn();
    expect(writer.batches).toEqual([[1]]);
    writer.finish[0]();
    await first;
    await nextTurn();
    await nextTurn();
    expect(writer.batches).toEqual([[1], [2, 3, 4]]);
    writer.finish[1]();
    await expect(Promise.all(later)).resolves.toEqual([20, 30, 40]);
  });

  it('keeps batches to their maximum size and to the batches allowed in flight', async () => {
    const writer = controlledWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 2, maxInFlight: 2 });
    const results = [1, 2, 3, 4, 5].map((n) => commit.submit(n));
    await nextTurn();
    expect(writer.batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    writer.finish[0]();
    await nextTurn();
    await nextTurn();
    expect(writer.batches).toEqual([[1, 2], [3, 4], [5]]);
    writer.finish[1]();
    writer.finish[2]();
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50]);
  });

  it('fails an item the writer refused alone, and every item of a batch the writer could not write', async () => {
    const writer = controlledWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 10, maxInFlight: 1 });
    const mixed = [1, -2, 3].map((n) => commit.submit(n));
    await nextTurn();
    writer.finish[0]();
    const settled = await Promise.allSettled(mixed);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);

    const broken = new GroupCommit(() => Promise.reject(new Error('connection lost')), {
      maxBatch: 10,
      maxInFlight: 1,
    });
    const lost = [1, 2].map((n) => broken.submit(n));
    for (const result of lost) await expect(result).rejects.toThrow('connection lost');
    // It goes on with the next batch.
    await expect(broken.submit(3)).rejects.toThrow('connection lost');
  });
});
