import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@app/database';
import { migrationsFingerprint } from './migrations-fingerprint';

/**
 * PGlite's first initialisation takes seconds and a lot of memory. Tests pay it once per set of
 * migrations: a migrated data directory is kept as a template and copied for each test.
 */
export function pgliteTemplateDir(): string {
  return join(tmpdir(), `chat-pglite-template-${migrationsFingerprint()}`);
}

/** Builds the template if it does not exist yet (called once, from Jest's global setup). */
export async function ensurePgliteTemplate(): Promise<string> {
  const dir = pgliteTemplateDir();
  if (existsSync(dir)) return dir;
  const building = mkdtempSync(`${dir}-building-`);
  const connection = await openDatabase({ kind: 'pglite', dataDir: building });
  await connection.close();
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another run finished first
  }
  return dir;
}

/** A fresh, already migrated `DATA_DIR` for one test: `<dir>/db` is a copy of the template. */
export function freshDataDir(label = 'data'): string {
  const template = pgliteTemplateDir();
  if (!existsSync(template)) {
    throw new Error(`PGlite template ${template} is missing: the Jest global setup builds it`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), `chat-test-${label}-`));
  cpSync(template, join(dataDir, 'db'), { recursive: true });
  return dataDir;
}
