import { register } from 'tsconfig-paths';
import { compilerOptions } from '../tsconfig.json';

type Testing = typeof import('../libs/testing/src');

/** Once per `npm test`: build the migrated PGlite and PostgreSQL templates every test copies. */
export default async function globalSetup(): Promise<void> {
  // Inherited by the workers: names what this run leaves on shared servers (see global-teardown).
  process.env.TEST_RUN_ID ??= Date.now().toString(36);
  // Jest's global setup does not apply moduleNameMapper, so the path aliases are registered here,
  // and the helpers are required only afterwards.
  register({ baseUrl: `${__dirname}/..`, paths: compilerOptions.paths });
  const { ensurePgliteTemplate, ensurePostgresTemplate } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../libs/testing/src') as Testing;
  const started = Date.now();
  await Promise.all([ensurePgliteTemplate(), ensurePostgresTemplate()]);
  process.stdout.write(`\nDatabase templates ready in ${Date.now() - started} ms\n`);
  if (!process.env.TEST_MONGODB_URL) {
    process.stdout.write(
      'Repository contracts on MongoDB skipped (TEST_MONGODB_URL is unset): npm run test:mongo runs them on the stand-in\n',
    );
  }
}
