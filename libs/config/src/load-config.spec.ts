import { resolve } from 'node:path';
import { envSchema } from './env.schema';
import { ConfigError, loadConfig } from './load-config';

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
};

/** A VAPID pair as `npx web-push generate-vapid-keys` prints one (made for these tests only). */
const VAPID = {
  VAPID_PUBLIC_KEY:
    'BI3b4X9zVVfsSNqTaFrT2uaNnTnmpJvVEsLPpyVcHZ_1dqoZzTSQFmh1F7rYIqLzzrozvwL3hBnublA2JBizpA4',
  VAPID_PRIVATE_KEY: 'sJpl6gT1b1RV-yAc0wxUHaRF69L582QrD7U59OCOXbs',
  VAPID_SUBJECT: 'mailto:ops@example.com',
};

const PRODUCTION_SECRETS = {
  JWT_ACCESS_SECRET: 'a'.repeat(32),
  JWT_REFRESH_SECRET: 'b'.repeat(32),
  ...VAPID,
};

/** The config an environment gives, or the problems it is refused with: the whole outcome. */
const outcomeOf = (env: NodeJS.ProcessEnv) => {
  try {
    return { config: loadConfig(env) };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
};

/** Every variable the schema reads, taken from the schema so that a new one is covered too. */
const VARIABLES = Object.keys(envSchema.innerType().shape);

describe('configuration', () => {
  it('runs with no variables at all: PGlite in ./data/db, in-memory key-value store, port 3000', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.dataDir).toBe(resolve('./data'));
    expect(config.database).toEqual({ kind: 'pglite', dataDir: resolve('./data/db') });
    expect(config.kv).toEqual({ kind: 'memory' });
    expect(config.auth.accessTtlSec).toBe(15 * 60);
    expect(config.auth.refreshTtlSec).toBe(15 * 24 * 3600);
    expect(config.http.webOrigins).toEqual(['http://localhost:3000']);
    expect(config.logLevel).toBe('info');
  });

  it('selects PostgreSQL and Redis by URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://chat@db:5432/chat',
      REDIS_URL: 'redis://cache:6379',
      REDIS_KEY_PREFIX: 'prod:',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://chat@db:5432/chat' });
    expect(config.kv).toEqual({ kind: 'redis', url: 'redis://cache:6379', keyPrefix: 'prod:' });
  });

  it('reads the broker of the split deployment, and refuses a URL that is not amqp', () => {
    expect(loadConfig({}).rabbitmqUrl).toBeUndefined();
    expect(loadConfig({ RABBITMQ_URL: 'amqp://guest:guest@mq:5672' }).rabbitmqUrl).toBe(
      'amqp://guest:guest@mq:5672',
    );
    expect(() => loadConfig({ RABBITMQ_URL: 'http://mq:5672' })).toThrow(/RABBITMQ_URL/);
  });

  it('reads the services of the split deployment, a name given twice being two instances', () => {
    expect(loadConfig({}).splitServices).toBeUndefined();
    const { splitServices } = loadConfig({
      SPLIT_SERVICES: 'users=http://user-service:3000, chat=http://10.0.0.2:3000,chat=https://c/',
    });
    expect(splitServices).toEqual([
      { service: 'users', url: 'http://user-service:3000' },
      { service: 'chat', url: 'http://10.0.0.2:3000' },
      { service: 'chat', url: 'https://c' },
    ]);
    for (const bad of [
      'users',
      'users=user-service:3000',
      'Users=http://u',
      'users=http://u/api',
    ]) {
      expect(problemsOf({ SPLIT_SERVICES: bad })).toEqual([
        { variable: 'SPLIT_SERVICES', message: expect.stringContaining('is not like') },
      ]);
    }
  });

  it('selects MongoDB by its URL schemes', () => {
    for (const url of [
      'mongodb://db:27017/chat',
      'mongodb+srv://user:pw@cluster.example.com/chat',
      'mongodb://user:p%40ss@db1:27017,db2:27017,db3:27017/chat?replicaSet=rs0&authSource=admin',
    ]) {
      expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ kind: 'mongodb', url });
    }
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/chat' })).toThrow(/DATABASE_URL/);
  });

  it('needs the database name in a MongoDB URL', () => {
    for (const url of ['mongodb://db:27017', 'mongodb://db:27017/', 'mongodb://db:27017/?w=1']) {
      expect(() => loadConfig({ DATABASE_URL: url })).toThrow(
        /DATABASE_URL.*mongodb:\/\/host\[:port\]\[,host\[:port\]…\]\/database/,
      );
    }
  });

  it('reads durations in seconds, minutes, hours or days, and lists of origins', () => {
    const config = loadConfig({
      JWT_ACCESS_TTL: '90s',
      JWT_REFRESH_TTL: '2h',
      WEB_ORIGIN: 'https://chat.example.com, http://localhost:5173',
    });
    expect(config.auth.accessTtlSec).toBe(90);
    expect(config.auth.refreshTtlSec).toBe(7200);
    expect(config.http.webOrigins).toEqual(['https://chat.example.com', 'http://localhost:5173']);
  });

  it('lists every bad value with its variable name at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/chat',
      REDIS_URL: 'not a url',
      JWT_ACCESS_TTL: 'soon',
      WEB_ORIGIN: 'localhost',
      LOG_LEVEL: 'loud',
      BCRYPT_ROUNDS: '40',
      TRUST_PROXY: 'maybe',
    });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'BCRYPT_ROUNDS',
      'DATABASE_URL',
      'JWT_ACCESS_TTL',
      'LOG_LEVEL',
      'PORT',
      'REDIS_URL',
      'TRUST_PROXY',
      'WEB_ORIGIN',
    ]);
    expect(problems.find((p) => p.variable === 'DATABASE_URL')?.message).toMatch(/postgres:\/\//);
  });

  it('reads millisecond durations where they make sense, and whole seconds for tokens', () => {
    const config = loadConfig({ MAIL_BACKOFF: '250ms', SMTP_URL: 'smtp://mail.example.com:587' });
    expect(config.mail).toMatchObject({
      backoffMs: 250,
      attempts: 5,
      smtpUrl: 'smtp://mail.example.com:587',
    });
    expect(
      problemsOf({ JWT_ACCESS_TTL: '1500ms', SMTP_URL: 'http://mail' })
        .map((p) => p.variable)
        .sort(),
    ).toEqual(['JWT_ACCESS_TTL', 'SMTP_URL']);
  });

  it('keeps media on local disk with 5 MB images, 25 MB files and 1 GB each unless told otherwise', () => {
    expect(loadConfig({}).media).toEqual({
      maxBytes: 5 * 1024 * 1024,
      uploadsPerMinute: 30,
      fileMaxBytes: 25 * 1024 * 1024,
      quotaBytes: 1024 * 1024 * 1024,
      voiceMaxMs: 5 * 60_000,
      incomingDir: resolve('./data/incoming'),
      storage: { kind: 'local', dir: resolve('./data/media') },
    });
    expect(loadConfig({ FILE_MAX_SIZE: '2GB', FILE_QUOTA: '10GB' }).media).toMatchObject({
      fileMaxBytes: 2 * 1024 ** 3,
      quotaBytes: 10 * 1024 ** 3,
    });
    expect(loadConfig({ MEDIA_MAX_SIZE: '512KB' }).media.maxBytes).toBe(512 * 1024);
    expect(loadConfig({ MEDIA_MAX_SIZE: '1000' }).media.maxBytes).toBe(1000);
  });

  it('stores media on Cloudinary when CLOUDINARY_URL is set, with an optional API origin', () => {
    expect(loadConfig({ CLOUDINARY_URL: 'cloudinary://1234:s3cr%2Ft@demo' }).media.storage).toEqual(
      {
        kind: 'cloudinary',
        cloudName: 'demo',
        apiKey: '1234',
        apiSecret: 's3cr/t',
        apiBaseUrl: 'https://api.cloudinary.com',
      },
    );
    const local = 'cloudinary://k:s@demo?upload_prefix=http://127.0.0.1:9999';
    expect(loadConfig({ CLOUDINARY_URL: local }).media.storage).toMatchObject({
      apiBaseUrl: 'http://127.0.0.1:9999',
    });
  });

  it('refuses malformed media settings', () => {
    const problems = problemsOf({
      MEDIA_MAX_SIZE: '5 TB',
      FILE_QUOTA: 'lots',
      CLOUDINARY_URL: 'https://api.cloudinary.com/demo',
    });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'CLOUDINARY_URL',
      'FILE_QUOTA',
      'MEDIA_MAX_SIZE',
    ]);
    expect(problemsOf({ CLOUDINARY_URL: 'cloudinary://key-without-secret@demo' })).toHaveLength(1);
  });

  it('explains the problem in the error message, one line per variable', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(
      /Invalid configuration:\n {2}- PORT: must be at most 65535/,
    );
  });

  describe('an empty variable means the same as an unset one', () => {
    it('covers every variable of the schema', () => {
      expect(VARIABLES).toEqual(expect.arrayContaining(['LOG_LEVEL', 'PORT', 'DATA_DIR']));
      expect(VARIABLES.length).toBeGreaterThan(30);
    });

    // A development environment that sets nothing, and a production one that sets every variable
    // it must: an empty value gives what leaving it out gives, default or refusal alike.
    const bases: Record<string, NodeJS.ProcessEnv> = {
      development: {},
      production: { NODE_ENV: 'production', ...PRODUCTION_SECRETS },
    };
    for (const [name, base] of Object.entries(bases)) {
      it.each(VARIABLES)(`${name}: %s=''`, (variable) => {
        const unset = { ...base };
        delete unset[variable];
        expect(outcomeOf({ ...base, [variable]: '' })).toStrictEqual(outcomeOf(unset));
      });
    }

    it('every variable empty at once', () => {
      const empty = Object.fromEntries(VARIABLES.map((variable) => [variable, '']));
      expect(outcomeOf(empty)).toStrictEqual(outcomeOf({}));
      expect(loadConfig(empty).logLevel).toBe('info');
    });
  });

  describe('in production', () => {
    it('refuses to start without JWT secrets and VAPID keys', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });
      expect(problems.map((p) => p.variable).sort()).toEqual([
        'JWT_ACCESS_SECRET',
        'JWT_REFRESH_SECRET',
        'VAPID_PRIVATE_KEY',
        'VAPID_PUBLIC_KEY',
        'VAPID_SUBJECT',
      ]);
    });

    it('refuses the development default secrets and short ones', () => {
      const dev = loadConfig({}).auth;
      const problems = problemsOf({
        NODE_ENV: 'production',
        JWT_ACCESS_SECRET: dev.accessSecret,
        JWT_REFRESH_SECRET: 'short',
        ...VAPID,
      });
      expect(problems.map((p) => p.variable).sort()).toEqual([
        'JWT_ACCESS_SECRET',
        'JWT_REFRESH_SECRET',
      ]);
    });

    it('refuses the same secret for access and refresh tokens', () => {
      const same = 's'.repeat(40);
      const problems = problemsOf({
        NODE_ENV: 'production',
        JWT_ACCESS_SECRET: same,
        JWT_REFRESH_SECRET: same,
        ...VAPID,
      });
      expect(problems).toEqual([
        { variable: 'JWT_REFRESH_SECRET', message: 'must differ from JWT_ACCESS_SECRET' },
      ]);
    });

    it('starts with proper secrets', () => {
      const config = loadConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS });
      expect(config.isProduction).toBe(true);
      expect(config.auth.accessSecret).toBe(PRODUCTION_SECRETS.JWT_ACCESS_SECRET);
      expect(config.push.vapid).toEqual({
        publicKey: VAPID.VAPID_PUBLIC_KEY,
        privateKey: VAPID.VAPID_PRIVATE_KEY,
      });
    });
  });

  describe('Web Push', () => {
    it('takes a VAPID pair only whole, and only keys of the right size', () => {
      expect(problemsOf({ VAPID_PUBLIC_KEY: VAPID.VAPID_PUBLIC_KEY })).toEqual([
        { variable: 'VAPID_PRIVATE_KEY', message: expect.stringContaining('go together') },
      ]);
      const problems = problemsOf({ VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: 'x'.repeat(40) });
      expect(problems.map((p) => p.variable).sort()).toEqual([
        'VAPID_PRIVATE_KEY',
        'VAPID_PUBLIC_KEY',
      ]);
    });

    it('lets the local push service of the tests in only with NODE_ENV=test', () => {
      const origin = 'http://127.0.0.1:4567';
      expect(problemsOf({ PUSH_TEST_ORIGINS: origin })).toEqual([
        { variable: 'PUSH_TEST_ORIGINS', message: expect.stringContaining('NODE_ENV=test') },
      ]);
      expect(loadConfig({ NODE_ENV: 'test', PUSH_TEST_ORIGINS: origin }).push.testOrigins).toEqual([
        origin,
      ]);
    });

    it('takes more push hosts, names or *.suffix, and nothing else', () => {
      expect(
        loadConfig({ PUSH_HOSTS: 'push.example.com, *.push.example.org' }).push.extraHosts,
      ).toEqual(['push.example.com', '*.push.example.org']);
      expect(problemsOf({ PUSH_HOSTS: 'https://push.example.com' })[0].variable).toBe('PUSH_HOSTS');
    });
  });

  describe('link previews', () => {
    it('are on unless LINK_PREVIEWS turns them off', () => {
      expect(loadConfig({}).previews.enabled).toBe(true);
      expect(loadConfig({ LINK_PREVIEWS: 'false' }).previews.enabled).toBe(false);
      expect(problemsOf({ LINK_PREVIEWS: 'no' })[0].variable).toBe('LINK_PREVIEWS');
    });

    it('let local test pages and a scripted resolver in only with NODE_ENV=test', () => {
      const env = {
        LINK_PREVIEW_TEST_ORIGINS: 'http://127.0.0.1:4567',
        LINK_PREVIEW_TEST_HOSTS: 'rebind.test=3ffe::1>127.0.0.1, mixed.test=8.8.8.8+10.0.0.1',
      };
      expect(problemsOf(env).map((p) => [p.variable, p.message])).toEqual([
        ['LINK_PREVIEW_TEST_ORIGINS', expect.stringContaining('NODE_ENV=test')],
        ['LINK_PREVIEW_TEST_HOSTS', expect.stringContaining('NODE_ENV=test')],
      ]);
      const { previews } = loadConfig({ NODE_ENV: 'test', ...env });
      expect(previews.testOrigins).toEqual(['http://127.0.0.1:4567']);
      expect(previews.testHosts).toEqual({
        'rebind.test': [['3ffe::1'], ['127.0.0.1']],
        'mixed.test': [['8.8.8.8', '10.0.0.1']],
      });
    });

    it('refuse a scripted answer that is not an address', () => {
      const problems = problemsOf({
        NODE_ENV: 'test',
        LINK_PREVIEW_TEST_HOSTS: 'a.test=localhost',
      });
      expect(problems[0].variable).toBe('LINK_PREVIEW_TEST_HOSTS');
    });
  });
});
