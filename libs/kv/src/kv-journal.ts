import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** One key's state after a change: its value (a string, or a set's members) or null once gone. */
export interface JournalRecord {
  k: string;
  v: string | string[] | null;
  /** Expiry in epoch milliseconds; null for none. */
  e: number | null;
}

/**
 * An append-only file of key states, one JSON line per change. Written synchronously, so a change
 * is in the operating system's hands before the caller is answered: a killed process loses
 * nothing. Replayed on open and rewritten with only the live keys.
 */
export class KvJournal {
  private fd: number;
  private lines = 0;

  private constructor(
    private readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens (creating) the journal; `restore` receives each live key's last state. */
  static open(path: string, restore: (record: JournalRecord) => void): KvJournal {
    mkdirSync(dirname(path), { recursive: true });
    const live = new Map<string, JournalRecord>();
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const record = parse(line);
        if (record) live.set(record.k, record);
      }
    }
    const now = Date.now();
    const kept = [...live.values()].filter((r) => r.v !== null && (r.e === null || r.e > now));
    kept.forEach(restore);
    const journal = new KvJournal(path, -1);
    journal.rewrite(kept);
    return journal;
  }

  append(record: JournalRecord): void {
    appendFileSync(this.fd, `${JSON.stringify(record)}\n`);
    this.lines += 1;
  }

  /** Replaces the file with just these records (written aside, then renamed over it). */
  rewrite(records: readonly JournalRecord[]): void {
    const aside = `${this.path}.tmp`;
    writeFileSync(aside, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    renameSync(aside, this.path);
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
    this.lines = records.length;
  }

  /** Lines written since the last rewrite, to decide when to compact. */
  get length(): number {
    return this.lines;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

function parse(line: string): JournalRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as Partial<JournalRecord>;
    if (typeof value.k === 'string' && value.v !== undefined && value.e !== undefined) {
      return value as JournalRecord;
    }
  } catch {
    // A line cut short by a crash mid-write: everything before it is intact.
  }
  return undefined;
}
