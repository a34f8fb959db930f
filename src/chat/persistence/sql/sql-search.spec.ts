import { sql } from 'drizzle-orm';
import { openSqlTestDatabase } from '@app/testing';
import { prefixTsquery } from './sql-search';

describe('prefixTsquery', () => {
  it('requires every word, the last also as a prefix', () => {
    expect(prefixTsquery(['hello'])).toBe("'hello':*");
    expect(prefixTsquery(['hello', 'wor'])).toBe("'hello' & 'wor':*");
  });

  it('gives PostgreSQL plain words, whatever the words hold', async () => {
    const { db, close } = await openSqlTestDatabase('PGlite', 'prefix-tsquery');
    const parsed = async (words: string[]) => {
      const query = prefixTsquery(words);
      const result: unknown = await db.execute(
        sql`select to_tsquery('simple', ${query})::text as q`,
      );
      return (result as { rows: { q: string }[] }).rows[0]?.q;
    };
    try {
      expect(await parsed(['Lorem', 'IPS'])).toBe("'lorem' & 'ips':*");
      expect(await parsed(['ada@example.com'])).toBe("'ada@example.com':*");
      // searchWords never gives quotes, backslashes or operators; quoted, they are no syntax.
      expect(await parsed(["it's", 'a\\b', '!x|y:*&(z'])).toBe(
        "'it' <-> 's' & 'a' <-> 'b' & 'x':* <-> 'y':* <-> 'z':*",
      );
    } finally {
      await close();
    }
  });
});
