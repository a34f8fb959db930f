import { Binary } from 'bson';
import { isPlainObject, type Doc } from './documents';
import { CommandError } from './errors';
import type { Store } from './store';
import { CommittedState, noSuchTransaction, Transaction, type Writer } from './transactions';

/** MongoDB's `transactionLifetimeLimitSeconds` default: a transaction left open longer is aborted. */
export const TRANSACTION_LIFETIME_MS = 60_000;
/** What the stand-in reports as `logicalSessionTimeoutMinutes`; idle sessions are forgotten after it. */
export const SESSION_TIMEOUT_MINUTES = 30;

interface SessionState {
  txnNumber: number;
  transaction: Transaction | null;
  lastUse: number;
}

/** A session's key: its `lsid.id` (a UUID) in hex. */
function sessionKey(lsid: unknown): string {
  if (!isPlainObject(lsid) || !(lsid.id instanceof Binary)) {
    throw new CommandError('InvalidOptions', 'a transaction needs a session (lsid)');
  }
  return lsid.id.toString('hex');
}

function txnNumberOf(body: Doc): number {
  if (typeof body.txnNumber !== 'number') {
    throw new CommandError('InvalidOptions', 'a transaction needs a txnNumber');
  }
  return body.txnNumber;
}

/**
 * Logical sessions and their transactions, as the driver drives them: the first command of a
 * transaction carries `startTransaction: true`, every command of it `autocommit: false` and the
 * session's `txnNumber`; `commitTransaction` / `abortTransaction` end it. Sessions that never
 * start a transaction are not tracked (each command of theirs is a plain one).
 */
export class Sessions {
  private readonly sessions = new Map<string, SessionState>();
  private readonly open = new Set<Transaction>();
  private readonly committed: CommittedState;

  constructor(private readonly store: Store) {
    this.committed = new CommittedState(store);
    // Old document versions are kept while an open transaction's snapshot may read them.
    store.oldestSnapshot = () =>
      Math.min(store.now, ...[...this.open].map((transaction) => transaction.snapshot));
  }

  /** Where a command reads and writes: its transaction, or the committed state. */
  writerFor(body: Doc): Writer {
    if (body.autocommit !== false) return this.committed;
    const session = this.session(body);
    const txnNumber = txnNumberOf(body);
    if (body.startTransaction === true) {
      if (txnNumber < session.txnNumber) {
        throw new CommandError(
          'TransactionTooOld',
          `txnNumber ${txnNumber} is less than last txnNumber ${session.txnNumber} seen in this session`,
        );
      }
      this.finish(session.transaction);
      const transaction = new Transaction(this.store, txnNumber, () => this.open);
      this.open.add(transaction);
      session.transaction = transaction;
      session.txnNumber = txnNumber;
      return transaction;
    }
    const transaction = session.transaction;
    if (!transaction || transaction.txnNumber !== txnNumber || transaction.state !== 'active') {
      throw noSuchTransaction(txnNumber);
    }
    return transaction;
  }

  /** `commitTransaction`; committing again one already committed succeeds (the driver retries). */
  commit(body: Doc): void {
    const transaction = this.transactionOf(body);
    if (transaction.state === 'committed') return;
    try {
      transaction.commit();
    } finally {
      this.finish(transaction);
    }
  }

  /** `abortTransaction`: drops every write of the transaction. */
  abort(body: Doc): void {
    const transaction = this.transactionOf(body);
    if (transaction.state !== 'active') throw noSuchTransaction(transaction.txnNumber);
    this.finish(transaction);
  }

  /** A command of the transaction failed: as on MongoDB, that aborts the whole transaction. */
  failed(transaction: Transaction): void {
    this.finish(transaction);
  }

  /** `endSessions`: their open transactions are aborted. */
  end(lsids: unknown): void {
    if (!Array.isArray(lsids)) return;
    for (const lsid of lsids) {
      const key = sessionKey(lsid);
      this.finish(this.sessions.get(key)?.transaction ?? null);
      this.sessions.delete(key);
    }
  }

  /** `killAllSessions` and server stop. */
  endAll(): void {
    for (const transaction of this.open) this.finish(transaction);
    this.sessions.clear();
  }

  /** Aborts transactions past their lifetime and forgets idle sessions (run on a timer). */
  sweep(now = Date.now()): void {
    for (const transaction of this.open) {
      if (now - transaction.startedAt > TRANSACTION_LIFETIME_MS) this.finish(transaction);
    }
    for (const [key, session] of this.sessions) {
      if (now - session.lastUse > SESSION_TIMEOUT_MINUTES * 60_000) {
        this.finish(session.transaction);
        this.sessions.delete(key);
      }
    }
  }

  private transactionOf(body: Doc): Transaction {
    const session = this.session(body);
    const txnNumber = txnNumberOf(body);
    const transaction = session.transaction;
    if (!transaction || transaction.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber);
    return transaction;
  }

  private session(body: Doc): SessionState {
    const key = sessionKey(body.lsid);
    let session = this.sessions.get(key);
    if (!session) {
      session = { txnNumber: -1, transaction: null, lastUse: Date.now() };
      this.sessions.set(key, session);
    }
    session.lastUse = Date.now();
    return session;
  }

  private finish(transaction: Transaction | null): void {
    if (!transaction) return;
    transaction.abort();
    this.open.delete(transaction);
  }
}
