import { UUID } from 'bson';
import type { Doc } from './documents';
import { ID_INDEX, type IndexSpec } from './indexes';
import type { ValidationOptions } from './validation';

/**
 * One committed state of a document: `doc` null once deleted. `ts` is the commit it came from,
 * so a transaction that started at commit S reads, of each document, its last version ≤ S.
 */
export interface Version {
  readonly ts: number;
  readonly doc: Doc | null;
}

/** What a commit writes: the new state of one document (null deletes it). */
export interface Change {
  readonly collection: Collection;
  readonly key: string;
  readonly doc: Doc | null;
}

/** A collection: its documents' versions in natural (insertion) order, and its indexes. */
export class Collection {
  /** Keyed by `canonical(_id)`; the oldest version first. */
  readonly rows = new Map<string, Version[]>();
  readonly indexes: IndexSpec[] = [ID_INDEX];
  readonly uuid = new UUID();
  /** Set by `create` and `collMod`; checked on every write by `validation.ts`. */
  validation: ValidationOptions = {};

  constructor(
    readonly db: string,
    readonly name: string,
  ) {}

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }
}

/** A document as of commit `ts`: its last version not newer than that. */
export function versionAt(versions: readonly Version[], ts: number): Doc | null {
  for (let i = versions.length - 1; i >= 0; i--) {
    if (versions[i].ts <= ts) return versions[i].doc;
  }
  return null;
}

export const latestOf = (versions: readonly Version[]): Doc | null =>
  versions.length === 0 ? null : versions[versions.length - 1].doc;

export const latestTs = (versions: readonly Version[] | undefined): number =>
  versions === undefined || versions.length === 0 ? 0 : versions[versions.length - 1].ts;

/**
 * All databases, in memory. Every command runs to its end without yielding to the event loop,
 * so each command (and each commit) is atomic without locks.
 */
export class Store {
  private readonly databases = new Map<string, Map<string, Collection>>();
  /** The last commit's number: the snapshot a transaction starting now reads. */
  private clock = 0;

  /** Set by the sessions: the oldest snapshot an open transaction still reads. */
  oldestSnapshot: () => number = () => this.clock;

  get now(): number {
    return this.clock;
  }

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** The collection, created when missing (MongoDB creates it on the first write). */
  ensureCollection(db: string, name: string): { collection: Collection; created: boolean } {
    let collections = this.databases.get(db);
    if (!collections) {
      collections = new Map();
      this.databases.set(db, collections);
    }
    const existing = collections.get(name);
    if (existing) return { collection: existing, created: false };
    const collection = new Collection(db, name);
    collections.set(name, collection);
    return { collection, created: true };
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  dropCollection(db: string, name: string): boolean {
    return this.databases.get(db)?.delete(name) ?? false;
  }

  dropDatabase(db: string): void {
    this.databases.delete(db);
  }

  /** Applies changes as one commit: they all get the same number, so snapshots see all or none. */
  commit(changes: readonly Change[]): number {
    const ts = ++this.clock;
    const keepFrom = this.oldestSnapshot();
    for (const { collection, key, doc } of changes) {
      const versions = collection.rows.get(key) ?? [];
      versions.push({ ts, doc });
      const kept = prune(versions, keepFrom);
      if (kept.length === 0) collection.rows.delete(key);
      else collection.rows.set(key, kept);
    }
    return ts;
  }
}

/**
 * Drops the versions no snapshot can read any more: those older than the version the oldest
 * open snapshot sees. A deletion nobody needs to see past leaves no row at all.
 */
function prune(versions: Version[], oldestSnapshot: number): Version[] {
  let first = versions.length - 1;
  while (first > 0 && versions[first].ts > oldestSnapshot) first--;
  const kept = versions.slice(first);
  return kept.length === 1 && kept[0].doc === null ? [] : kept;
}
