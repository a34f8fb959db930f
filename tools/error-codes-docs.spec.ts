import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, type ErrorCodeDoc } from '@app/contracts';

/**
 * docs/api.md lists the error codes by hand (docs/realtime.md is generated from the same table):
 * a code added to `ERROR_CODES`, or moved to another status, fails here until the page says so.
 */
describe('The REST error codes in docs/api.md', () => {
  const page = readFileSync(join(__dirname, '..', 'docs', 'api.md'), 'utf8').replace(/\s+/g, ' ');

  it.each(Object.entries(ERROR_CODES) as [string, ErrorCodeDoc][])(
    'names `%s` with its status',
    (code, { status }) => {
      expect(page).toMatch(new RegExp(`\`${code}\` \\(?${status}\\b`));
    },
  );
});
