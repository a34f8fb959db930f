import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../tsconfig.json';

type Testing = typeof import('../../libs/testing/src');

/**
 * Once per `npm run test:faults`: the migrated PGlite template the apps' data directories copy.
 * Unlike `npm test`'s global setup it does not touch the shared PostgreSQL: every scenario here
 * brings the services it stops.
 */
export default async function globalSetup(): Promise<void> {
  // Jest's global setup does not apply moduleNameMapper: the path aliases are registered here.
  register({ baseUrl: `${__dirname}/../..`, paths: compilerOptions.paths });
  const { ensurePgliteTemplate } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../libs/testing/src') as Testing;
  await ensurePgliteTemplate();
}
