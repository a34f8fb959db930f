import { z } from 'zod';
import { parseByteSize } from './byte-size';
import { parseDurationMs } from './duration';
import { scriptedHosts } from './scripted-hosts';

export const DEV_ACCESS_SECRET = 'dev-only-access-secret-do-not-use-in-production';
export const DEV_REFRESH_SECRET = 'dev-only-refresh-secret-do-not-use-in-production';
const MIN_PRODUCTION_SECRET_LENGTH = 32;

/**
 * An unset variable and an empty one mean the same. A default must sit inside the preprocess that
 * turns '' into `undefined`: one outside it sees the raw '', which is not `undefined`, and applies
 * nothing (so `LOG_LEVEL=` once reached the logger as no level at all).
 */
const blankIsUnset = (value: unknown) => (value === '' ? undefined : value);

/** A variable without a default: unset or empty gives `undefined`. */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess(blankIsUnset, schema.optional());

/** A variable with a default: unset or empty gives `fallback`, parsed like any written value. */
const withDefault = <T extends z.ZodTypeAny>(schema: T, fallback: z.input<T> & {}) =>
  z.preprocess(blankIsUnset, schema.default(fallback));

const integer = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** A duration in milliseconds, written like 900 (seconds), 250ms, 15m, 12h or 15d. */
const duration = z.string().transform((raw, ctx) => {
  const ms = parseDurationMs(raw);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a duration like 900, 250ms, 15m, 12h or 15d (got "${raw}")`,
      fatal: true,
    });
    return z.NEVER;
  }
  return ms;
});

/** A size in bytes, written like 5242880, 512KB or 5MB. */
const byteSize = z.string().transform((raw, ctx) => {
  const bytes = parseByteSize(raw);
  if (bytes === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a size like 5242880, 512KB or 5MB (got "${raw}")`,
      fatal: true,
    });
    return z.NEVER;
  }
  return bytes;
});

/** `cloudinary://<api key>:<api secret>@<cloud name>`, as Cloudinary's console shows it. */
const cloudinaryUrl = z.string().refine(
  (raw) => {
    try {
      const url = new URL(raw);
      const prefix = url.searchParams.get('upload_prefix');
      return (
        url.protocol === 'cloudinary:' &&
        url.username !== '' &&
        url.password !== '' &&
        url.hostname !== '' &&
        (prefix === null || /^https?:\/\/[^/\s]+$/.test(prefix))
      );
    } catch {
      return false;
    }
  },
  {
    message:
      'must look like cloudinary://<api key>:<api secret>@<cloud name> (optionally ?upload_prefix=https://host)',
  },
);

const wholeSeconds = duration.refine((ms) => ms % 1000 === 0, {
  message: 'must be a whole number of seconds',
});

const urlWithScheme = (schemes: string[]) =>
  z.string().refine(
    (raw) => {
      try {
        return schemes.includes(new URL(raw).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}` },
  );

/**
 * `mongodb://[user:pass@]host[:port][,host[:port]…]/database[?options]`: several hosts (a replica
 * set) are more than `URL` parses, and a database name is required (the driver would otherwise
 * write to `test` without a word).
 */
const MONGODB_URL = /^mongodb(\+srv)?:\/\/([^@/?#]+@)?[^/?#@]+\/[^/?#]+(\?[^#]*)?$/;

const databaseUrl = z.string().superRefine((raw, ctx) => {
  if (/^mongodb(\+srv)?:/.test(raw)) {
    if (!MONGODB_URL.test(raw)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be mongodb://host[:port][,host[:port]…]/database with the database name',
      });
    }
    return;
  }
  const sql = urlWithScheme(['postgres:', 'postgresql:']).safeParse(raw);
  if (!sql.success) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be a URL starting with postgres:// or postgresql:// or mongodb:// or mongodb+srv://',
    });
  }
});

const origins = z.string().transform((raw, ctx) => {
  const list = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${origin}" is not an origin like http://localhost:3000`,
      });
    }
  }
  return list;
});

/**
 * Every instance of every service of the split deployment, as `name=http://host:port` separated by
 * commas; a name given twice is two instances of that service (two chat-service replicas).
 */
const serviceInstances = z.string().transform((raw, ctx) => {
  const instances = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [service = '', url = ''] = entry.split(/=(.*)/s, 2);
      return { service: service.trim(), url: url.trim().replace(/\/$/, '') };
    });
  for (const { service, url } of instances) {
    if (!/^[a-z][a-z0-9-]*$/.test(service) || !/^https?:\/\/[^/\s]+$/.test(url)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${service}=${url}" is not like users=http://user-service:3000 (a lower-case name, an http origin)`,
      });
    }
  }
  return instances;
});

/** base64url without padding that decodes to `bytes` bytes (VAPID keys, as web-push prints them). */
const base64urlBytes = (bytes: number, what: string) =>
  z
    .string()
    .refine(
      (raw) => /^[A-Za-z0-9_-]+$/.test(raw) && Buffer.from(raw, 'base64url').length === bytes,
      {
        message: `must be ${what}: ${bytes} bytes in base64url (npx web-push generate-vapid-keys)`,
      },
    );

/** Push service hosts, comma-separated: exact names or `*.suffix` patterns. */
const hostPatterns = z.string().transform((raw, ctx) => {
  const list = raw
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  for (const host of list) {
    if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) {
      ctx.addIssue({ code: 'custom', message: `"${host}" is not a host like push.example.com` });
    }
  }
  return list;
});

const boolean = z.enum(['true', 'false', '1', '0'], {
  errorMap: () => ({ message: 'must be true or false' }),
});

export const envSchema = z
  .object({
    NODE_ENV: withDefault(z.enum(['development', 'test', 'production']), 'development'),
    PORT: withDefault(integer(0, 65535), 3000),
    DATA_DIR: withDefault(z.string(), './data'),
    DATABASE_URL: optional(databaseUrl),
    REDIS_URL: optional(urlWithScheme(['redis:', 'rediss:'])),
    RABBITMQ_URL: optional(urlWithScheme(['amqp:', 'amqps:'])),
    SPLIT_SERVICES: optional(serviceInstances),
    REDIS_KEY_PREFIX: withDefault(z.string().max(64, 'must be at most 64 characters'), 'chat:'),
    MESSAGE_RATE_LIMIT: withDefault(integer(1, 100_000), 30),
    MESSAGE_RATE_WINDOW: withDefault(duration, '10s'),
    MESSAGE_SENDS_IN_FLIGHT: withDefault(integer(1, 100_000), 256),
    PRESENCE_TTL: withDefault(duration, '30s'),
    SOCKET_MAX_BUFFERED: withDefault(byteSize, '4MB'),
    UNREAD_REMINDER_AFTER: withDefault(duration, '15m'),
    MEDIA_MAX_SIZE: withDefault(byteSize, '5MB'),
    MEDIA_UPLOADS_PER_MINUTE: withDefault(integer(1, 100_000), 30),
    FILE_MAX_SIZE: withDefault(byteSize, '25MB'),
    FILE_QUOTA: withDefault(byteSize, '1GB'),
    VOICE_MAX_DURATION: withDefault(duration, '5m'),
    CLOUDINARY_URL: optional(cloudinaryUrl),
    SMTP_URL: optional(urlWithScheme(['smtp:', 'smtps:'])),
    MAIL_ATTEMPTS: withDefault(integer(1, 50), 5),
    MAIL_BACKOFF: withDefault(duration, '2s'),
    MAIL_FROM: withDefault(z.string().min(3), 'Chat <no-reply@chat.localhost>'),
    JWT_ACCESS_SECRET: optional(z.string()),
    JWT_REFRESH_SECRET: optional(z.string()),
    JWT_ACCESS_TTL: withDefault(wholeSeconds, '15m'),
    JWT_REFRESH_TTL: withDefault(wholeSeconds, '15d'),
    REFRESH_REUSE_GRACE: withDefault(duration, '5s'),
    BCRYPT_ROUNDS: withDefault(integer(4, 15), 12),
    WEB_ORIGIN: withDefault(origins, 'http://localhost:3000'),
    TRUST_PROXY: withDefault(boolean, 'false'),
    RATE_LIMIT_PER_MINUTE: withDefault(integer(1, 1_000_000), 300),
    AUTH_RATE_LIMIT_PER_MINUTE: withDefault(integer(1, 1_000_000), 20),
    VAPID_PUBLIC_KEY: optional(base64urlBytes(65, 'an uncompressed P-256 public key')),
    VAPID_PRIVATE_KEY: optional(base64urlBytes(32, 'a P-256 private key')),
    VAPID_SUBJECT: optional(urlWithScheme(['mailto:', 'https:'])),
    PUSH_HOSTS: withDefault(hostPatterns, ''),
    PUSH_TEST_ORIGINS: withDefault(origins, ''),
    PUSH_TTL: withDefault(wholeSeconds, '1d'),
    PUSH_COLLAPSE: withDefault(duration, '1s'),
    PUSH_ATTEMPTS: withDefault(integer(1, 50), 5),
    PUSH_BACKOFF: withDefault(duration, '2s'),
    LINK_PREVIEWS: withDefault(boolean, 'true'),
    LINK_PREVIEW_TEST_ORIGINS: withDefault(origins, ''),
    LINK_PREVIEW_TEST_HOSTS: withDefault(scriptedHosts, ''),
    LOG_LEVEL: withDefault(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
      'info',
    ),
  })
  .superRefine((env, ctx) => {
    if (!env.VAPID_PUBLIC_KEY !== !env.VAPID_PRIVATE_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: [env.VAPID_PUBLIC_KEY ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY'],
        message: 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together: set both or neither',
      });
    }
    // The test suites' own servers are plain http on loopback, and their resolver points names
    // wherever a test likes: never let either in elsewhere.
    const testOnly = {
      PUSH_TEST_ORIGINS: env.PUSH_TEST_ORIGINS.length,
      LINK_PREVIEW_TEST_ORIGINS: env.LINK_PREVIEW_TEST_ORIGINS.length,
      LINK_PREVIEW_TEST_HOSTS: Object.keys(env.LINK_PREVIEW_TEST_HOSTS).length,
    };
    for (const [name, count] of Object.entries(testOnly)) {
      if (count > 0 && env.NODE_ENV !== 'test') {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'is for the test suites only: it is refused unless NODE_ENV=test',
        });
      }
    }
    if (env.NODE_ENV !== 'production') return;
    for (const name of ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const) {
      if (!env[name]) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message:
            'must be set when NODE_ENV=production: every instance signs Web Push with the same key (npx web-push generate-vapid-keys), and the subject tells push services whom to contact',
        });
      }
    }
    const secrets = [
      ['JWT_ACCESS_SECRET', env.JWT_ACCESS_SECRET, DEV_ACCESS_SECRET],
      ['JWT_REFRESH_SECRET', env.JWT_REFRESH_SECRET, DEV_REFRESH_SECRET],
    ] as const;
    for (const [name, value, devDefault] of secrets) {
      if (!value || value === devDefault || value.length < MIN_PRODUCTION_SECRET_LENGTH) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `must be set to a secret of at least ${MIN_PRODUCTION_SECRET_LENGTH} characters (not the development default) when NODE_ENV=production`,
        });
      }
    }
    if (env.JWT_ACCESS_SECRET && env.JWT_ACCESS_SECRET === env.JWT_REFRESH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_REFRESH_SECRET'],
        message: 'must differ from JWT_ACCESS_SECRET',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
