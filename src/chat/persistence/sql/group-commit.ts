/** How a `GroupCommit` gathers its batches. */
export interface GroupCommitOptions {
  /** At most this many items in one batch. */
  maxBatch: number;
  /** At most this many batches being written at once; the next batch gathers meanwhile. */
  maxInFlight: number;
}

/**
 * Gathers concurrent writes into batches, so that many of them share one statement and one
 * commit. There is no timer: while fewer than `maxInFlight` batches are being written, a write
 * goes out at the end of the current turn of the event loop (with whatever else arrived in that
 * turn), so a lone write waits for nothing; when the database is busy, writes gather while it
 * works and go together as soon as a batch is done. A write thus waits at most for the batches
 * ahead of it, which is what it would have waited for anyway.
 *
 * `write` settles each item of a batch: a value, or an error for that item alone.
 */
export class GroupCommit<Item, Result> {
  private queue: Array<{ item: Item; settle: Settle<Result> }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (items: readonly Item[]) => Promise<Array<Result | Error>>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, settle: { resolve, reject } });
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

  private async writeBatch(batch: Array<{ item: Item; settle: Settle<Result> }>): Promise<void> {
    let results: Array<Result | Error>;
    try {
      results = await this.write(batch.map((entry) => entry.item));
    } catch (error) {
      for (const { settle } of batch) settle.reject(error);
      return;
    }
    batch.forEach(({ settle }, index) => {
      const result = results[index];
      if (result instanceof Error) settle.reject(result);
      else settle.resolve(result);
    });
  }
}

interface Settle<Result> {
  resolve(value: Result): void;
  reject(reason: unknown): void;
}
