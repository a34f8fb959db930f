import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Absolute path of a file or folder shipped in the repository (migrations, static assets), found by
 * walking up from this file. Works from the TypeScript sources and from the compiled `dist/` alike.
 */
export function projectPath(relative: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find ${relative} above ${__dirname}`);
    dir = parent;
  }
}
