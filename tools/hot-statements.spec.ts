import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COMMAND, hotStatements, QUERIES_DIR, renderHotStatements } from './hot-statements';
import { formatSql } from './sql-layout';

/** Paths as a developer types them, from the repository's root. */
const shown = (file: string) => relative(join(__dirname, '..'), join(QUERIES_DIR, file));

describe('The hot statements as SQL (src/chat/persistence/sql/queries)', () => {
  it(`are checked in as the code builds them now (else run \`${COMMAND}\`)`, () => {
    const wanted = renderHotStatements();
    const present = readdirSync(QUERIES_DIR).filter((file) => file.endsWith('.sql'));
    const stale = [
      ...[...wanted]
        .filter(([file, text]) => {
          const path = join(QUERIES_DIR, file);
          return !existsSync(path) || readFileSync(path, 'utf8') !== text;
        })
        .map(([file]) => `${shown(file)} is not what the code builds: run \`${COMMAND}\``),
      ...present
        .filter((file) => !wanted.has(file))
        .map((file) => `${shown(file)} is no statement's any more: run \`${COMMAND}\``),
    ];
    expect(stale).toEqual([]);
  });

  it('are laid out without a word changed: only whitespace moves', () => {
    const words = (text: string) => text.replace(/\s+/g, '');
    for (const { rendered } of hotStatements()) {
      expect(words(formatSql(rendered.sql))).toBe(words(rendered.sql));
    }
  });
});
