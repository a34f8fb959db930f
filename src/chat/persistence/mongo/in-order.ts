/**
 * Runs tasks one after another per key, in the order they were given, and tasks of different
 * keys at the same time. A task runs after the one before it settles, whether that succeeded or
 * failed.
 */
export class InOrder {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.tails.set(key, next);
    const forget = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  }
}
