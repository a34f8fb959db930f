import type { Doc } from './documents';
import { CommandError, writeConflict } from './errors';
import { hasUniqueIndexes, uniqueViolation } from './indexes';
import { checkValidation } from './validation';
import { latestOf, latestTs, versionAt, type Change, type Collection, type Store } from './store';

/** How a command reads: the committed state, or a transaction's snapshot with its own writes. */
export interface ReadView {
  /** The documents with their keys (`canonical(_id)`), in natural order. */
  entries(collection: Collection): [string, Doc][];
  get(collection: Collection, key: string): Doc | null;
}

/** How a command writes: at once, or into a transaction until it commits. */
export interface Writer extends ReadView {
  readonly transaction: Transaction | null;
  /** One document's new state (null deletes it), refused with E11000 or a write conflict. */
  write(collection: Collection, key: string, doc: Doc | null): void;
}

function latestEntries(collection: Collection): [string, Doc][] {
  const entries: [string, Doc][] = [];
  for (const [key, versions] of collection.rows) {
    const doc = latestOf(versions);
    if (doc) entries.push([key, doc]);
  }
  return entries;
}

/**
 * Writes outside a transaction: each document write is its own commit. It does not wait for
 * transactions that wrote the same document (a real server would); such a transaction fails with
 * a write conflict when it writes the document again or commits.
 */
export class CommittedState implements Writer {
  readonly transaction = null;

  constructor(private readonly store: Store) {}

  entries(collection: Collection): [string, Doc][] {
    return latestEntries(collection);
  }

  get(collection: Collection, key: string): Doc | null {
    return latestOf(collection.rows.get(key) ?? []);
  }

  write(collection: Collection, key: string, doc: Doc | null): void {
    if (doc) checkValidation(collection, doc);
    if (doc && hasUniqueIndexes(collection.indexes)) {
      const { namespace, indexes } = collection;
      const duplicate = uniqueViolation(namespace, indexes, key, doc, latestEntries(collection));
      if (duplicate) throw duplicate;
    }
    this.store.commit([{ collection, key, doc }]);
  }
}

export type TransactionState = 'active' | 'committed' | 'aborted';

/**
 * A multi-document transaction: it reads the committed state as of its start (`snapshot`) with
 * its own writes over it, and its writes reach the store all at once when it commits.
 *
 * Conflicts are found as MongoDB finds them, first writer wins: writing a document that another
 * open transaction has written, or that was committed after this snapshot, fails at once with
 * WriteConflict (code 112, labelled TransientTransactionError, so `withTransaction` runs the
 * transaction again); so does a unique key taken by such a document. Plain writes do not wait for
 * open transactions here (on MongoDB they do), so commit checks versions and unique keys once
 * more, and answers WriteConflict when a plain write got there first.
 */
export class Transaction implements Writer {
  state: TransactionState = 'active';
  readonly snapshot: number;
  readonly startedAt = Date.now();
  /** This transaction's writes, per collection and document key; null: deleted. */
  private readonly writes = new Map<Collection, Map<string, Doc | null>>();

  constructor(
    private readonly store: Store,
    readonly txnNumber: number,
    /** The other open transactions, whose pending writes this one must not overwrite. */
    private readonly others: () => Iterable<Transaction>,
  ) {
    this.snapshot = store.now;
  }

  get transaction(): Transaction {
    return this;
  }

  get(collection: Collection, key: string): Doc | null {
    const own = this.writes.get(collection);
    if (own?.has(key)) return own.get(key) ?? null;
    return versionAt(collection.rows.get(key) ?? [], this.snapshot);
  }

  entries(collection: Collection): [string, Doc][] {
    const own = this.writes.get(collection) ?? new Map<string, Doc | null>();
    const entries: [string, Doc][] = [];
    for (const [key, versions] of collection.rows) {
      const doc = own.has(key) ? own.get(key) : versionAt(versions, this.snapshot);
      if (doc) entries.push([key, doc]);
    }
    for (const [key, doc] of own) {
      if (doc && !collection.rows.has(key)) entries.push([key, doc]);
    }
    return entries;
  }

  /** The documents this transaction wrote (not deleted) in a collection. */
  pendingEntries(collection: Collection): [string, Doc][] {
    const own = this.writes.get(collection);
    return own ? [...own].filter((e): e is [string, Doc] => e[1] !== null) : [];
  }

  hasWritten(collection: Collection, key: string): boolean {
    return this.writes.get(collection)?.has(key) ?? false;
  }

  write(collection: Collection, key: string, doc: Doc | null): void {
    if (this.state !== 'active') throw noSuchTransaction(this.txnNumber);
    const others = [...this.others()].filter((t) => t !== this && t.state === 'active');
    if (others.some((t) => t.hasWritten(collection, key))) throw writeConflict();
    if (latestTs(collection.rows.get(key)) > this.snapshot) throw writeConflict();
    if (doc) checkValidation(collection, doc);
    if (doc && hasUniqueIndexes(collection.indexes)) {
      const { namespace, indexes } = collection;
      const duplicate = uniqueViolation(namespace, indexes, key, doc, this.entries(collection));
      if (duplicate) throw duplicate;
      // Free in this snapshot but taken by a newer commit or another open transaction: the key
      // is contended, and on a retry this transaction sees the winner (and E11000 then).
      const committedSince = latestEntries(collection).filter(
        ([other]) =>
          !this.hasWritten(collection, other) &&
          latestTs(collection.rows.get(other)) > this.snapshot,
      );
      const contenders = [committedSince, ...others.map((t) => t.pendingEntries(collection))];
      if (contenders.some((docs) => uniqueViolation(namespace, indexes, key, doc, docs))) {
        throw writeConflict();
      }
    }
    let own = this.writes.get(collection);
    if (!own) {
      own = new Map();
      this.writes.set(collection, own);
    }
    own.set(key, doc);
  }

  /**
   * Applies every write in one commit, after checking that no document it wrote was committed by
   * someone else since the snapshot, and that the unique indexes still hold over the result.
   */
  commit(): void {
    if (this.state !== 'active') throw noSuchTransaction(this.txnNumber);
    const changes: Change[] = [];
    for (const [collection, docs] of this.writes) {
      for (const [key, doc] of docs) {
        if (latestTs(collection.rows.get(key)) > this.snapshot) throw writeConflict();
        changes.push({ collection, key, doc });
      }
    }
    for (const [collection, docs] of this.writes) {
      if (!hasUniqueIndexes(collection.indexes)) continue;
      const merged = new Map(latestEntries(collection));
      for (const [key, doc] of docs) {
        if (doc) merged.set(key, doc);
        else merged.delete(key);
      }
      for (const [key, doc] of docs) {
        if (!doc) continue;
        const { namespace, indexes } = collection;
        const duplicate = uniqueViolation(namespace, indexes, key, doc, merged);
        if (!duplicate) continue;
        // Taken by a plain write committed meanwhile: contention, which a retry turns into E11000.
        const newer = [...merged].filter(
          ([other]) => !docs.has(other) && latestTs(collection.rows.get(other)) > this.snapshot,
        );
        if (uniqueViolation(namespace, indexes, key, doc, newer)) throw writeConflict();
        throw duplicate;
      }
    }
    this.store.commit(changes);
    this.state = 'committed';
    this.writes.clear();
  }

  abort(): void {
    if (this.state === 'active') this.state = 'aborted';
    this.writes.clear();
  }
}

export const noSuchTransaction = (txnNumber: number) =>
  new CommandError(
    'NoSuchTransaction',
    `Transaction with txnNumber ${txnNumber} has been aborted or is not in progress.`,
  );
