/** How a `GroupCommit` gathers its batches. */
export interface GroupCommitOptions {
  /** At most this many items in one batch. */
  maxBatch: number;
  /** At most this many batches being written at once; the next batch gathers meanwhile. */
  maxInFlight: number;
}

/** The two ways of writing that a `GroupCommit` chooses between. */
export interface GroupWriter<Item, Result> {
  /**
   * Several items in one write. An item it does not settle (`undefined` in its place) is written
   * by `one` afterwards: what the batch cannot decide cheaply is left to the single write.
   */
  many(items: readonly Item[]): Promise<Array<Result | undefined>>;
  /** One item alone: a lone item, one that `many` left out, each of a batch whose write failed. */
  one(item: Item): Promise<Result>;
}

/**
 * Gathers concurrent writes into batches, so that many of them share one statement and one
 * commit. There is no timer: while fewer than `maxInFlight` batches are being written, a write
 * goes out at the end of the current turn of the event loop (with whatever else arrived in that
 * turn), so a lone write waits for nothing; when the database is busy, writes gather while it
 * works and go together as soon as a batch is done. A write thus waits at most for the batches
 * ahead of it, which is what it would have waited for anyway.
 *
 * Every submitted item is settled here, whichever way it was written: its caller never has to
 * send it again. A batch that fails as a whole (one bad item makes its statement fail) is written
 * item by item, so the bad one fails alone.
 */
export class GroupCommit<Item, Result> {
  private queue: Array<Entry<Item, Result>> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly writer: GroupWriter<Item, Result>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.queue.length === 0) {
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.writeBatch(batch).finally(() => {
        this.inFlight -= 1;
        this.schedule();
      });
    }
  }

  /** Settles the batch's items; those left to `one` are written after the batch's slot is free. */
  private async writeBatch(batch: Array<Entry<Item, Result>>): Promise<void> {
    if (batch.length === 1) return this.writeAlone(batch[0]);
    const results = await this.writer
      .many(batch.map((entry) => entry.item))
      .catch(() => batch.map(() => undefined));
    batch.forEach((entry, index) => {
      const result = results[index];
      if (result === undefined) void this.writeAlone(entry);
      else entry.resolve(result);
    });
  }

  private async writeAlone(entry: Entry<Item, Result>): Promise<void> {
    try {
      entry.resolve(await this.writer.one(entry.item));
    } catch (error) {
      entry.reject(error);
    }
  }
}

interface Entry<Item, Result> {
  item: Item;
  resolve(value: Result): void;
  reject(reason: unknown): void;
}
