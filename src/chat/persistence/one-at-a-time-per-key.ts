/**
 * Runs tasks that share a key one after another, in the order they were handed in; tasks of
 * different keys run side by side. A failed task does not stop the ones queued behind it.
 */
export class OneAtATimePerKey {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting: what the map holds, so that it cannot grow unbounded. */
  get busyKeys(): number {
    return this.tails.size;
  }
}
