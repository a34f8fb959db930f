import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig, type AppConfig } from '@app/config';
import { freshDataDir } from './pglite-template';
import { TEST_APP_DATABASE, testMongoDatabaseUrl } from './test-services';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** Base URL of the listening server, e.g. `http://127.0.0.1:41234`. */
  url: string;
  dataDir: string;
  outboxDir: string;
  /** supertest bound to the running server. */
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Where a test talks to the product: one app, or the split deployment's nginx. */
export type Origin = Pick<TestApp, 'url' | 'http'>;

/** Defaults that keep tests fast and quiet; each test file can override any variable. */
const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  BCRYPT_ROUNDS: '4',
  RATE_LIMIT_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_PER_MINUTE: '100000',
  // A link in a test's message must not send the app onto the network; the link preview suite
  // turns previews on, with pages and a resolver of its own.
  LINK_PREVIEWS: 'false',
};

/**
 * Builds the app under test without listening. The caller passes the app's own `createApp`
 * (test/test-app.ts does) because libraries must not import the app in src/.
 */
export type AppFactory = (config: AppConfig) => Promise<NestExpressApplication>;

/**
 * Boots the app built by `createApp` on a random local port, with its own copy of the migrated
 * PGlite template (unless `DATABASE_URL` is given) and in-memory key-value store (unless `REDIS_URL` is).
 * With `TEST_APP_DATABASE=mongodb`, each app gets a database of its own on `TEST_MONGODB_URL`
 * (one per DATA_DIR, dropped after the run) instead of PGlite: the end-to-end suites then run on
 * MongoDB.
 */
export async function startTestAppWith(
  createApp: AppFactory,
  env: Record<string, string> = {},
  dataDir = freshDataDir(),
): Promise<TestApp> {
  const onMongo = TEST_APP_DATABASE === 'mongodb' && env.DATABASE_URL === undefined;
  const database = onMongo ? { DATABASE_URL: testMongoDatabaseUrl(dataDir) } : {};
  const config = loadConfig({ ...TEST_ENV, DATA_DIR: dataDir, ...database, ...env });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    config,
    url: url.replace('[::1]', '127.0.0.1'),
    dataDir,
    outboxDir: join(dataDir, 'outbox'),
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}
