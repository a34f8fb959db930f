import { resolve } from 'node:path';
import type { AppConfig, MediaStorageConfig } from './app-config';
import { DEV_ACCESS_SECRET, DEV_REFRESH_SECRET, envSchema } from './env.schema';

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Every problem found in the environment at once, so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Validates the environment into a typed `AppConfig`; throws `ConfigError` listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: issue.path.join('.') || '(environment)',
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    dataDir,
    database: e.DATABASE_URL
      ? { kind: e.DATABASE_URL.startsWith('mongodb') ? 'mongodb' : 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: resolve(dataDir, 'db') },
    kv: e.REDIS_URL
      ? { kind: 'redis', url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX }
      : { kind: 'memory' },
    rabbitmqUrl: e.RABBITMQ_URL,
    splitServices: e.SPLIT_SERVICES,
    auth: {
      accessSecret: e.JWT_ACCESS_SECRET ?? DEV_ACCESS_SECRET,
      refreshSecret: e.JWT_REFRESH_SECRET ?? DEV_REFRESH_SECRET,
      accessTtlSec: e.JWT_ACCESS_TTL / 1000,
      refreshTtlSec: e.JWT_REFRESH_TTL / 1000,
      refreshReuseGraceMs: e.REFRESH_REUSE_GRACE,
      bcryptRounds: e.BCRYPT_ROUNDS,
    },
    http: {
      port: e.PORT,
      webOrigins: e.WEB_ORIGIN,
      trustProxy: e.TRUST_PROXY === 'true' || e.TRUST_PROXY === '1',
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    },
    mail: {
      from: e.MAIL_FROM,
      smtpUrl: e.SMTP_URL,
      attempts: e.MAIL_ATTEMPTS,
      backoffMs: e.MAIL_BACKOFF,
    },
    push: {
      vapid:
        e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
          ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY }
          : undefined,
      subject: e.VAPID_SUBJECT ?? 'mailto:push@chat.localhost',
      extraHosts: e.PUSH_HOSTS,
      testOrigins: e.PUSH_TEST_ORIGINS,
      ttlSec: e.PUSH_TTL / 1000,
      collapseMs: e.PUSH_COLLAPSE,
      attempts: e.PUSH_ATTEMPTS,
      backoffMs: e.PUSH_BACKOFF,
    },
    previews: {
      enabled: e.LINK_PREVIEWS === 'true' || e.LINK_PREVIEWS === '1',
      testOrigins: e.LINK_PREVIEW_TEST_ORIGINS,
      testHosts: e.LINK_PREVIEW_TEST_HOSTS,
    },
    chat: {
      messageRateLimit: e.MESSAGE_RATE_LIMIT,
      messageRateWindowMs: e.MESSAGE_RATE_WINDOW,
      maxSendsInFlight: e.MESSAGE_SENDS_IN_FLIGHT,
      presenceTtlMs: e.PRESENCE_TTL,
      maxBufferedBytesPerSocket: e.SOCKET_MAX_BUFFERED,
      unreadReminderAfterMs: e.UNREAD_REMINDER_AFTER,
    },
    media: {
      maxBytes: e.MEDIA_MAX_SIZE,
      uploadsPerMinute: e.MEDIA_UPLOADS_PER_MINUTE,
      fileMaxBytes: e.FILE_MAX_SIZE,
      quotaBytes: e.FILE_QUOTA,
      voiceMaxMs: e.VOICE_MAX_DURATION,
      incomingDir: resolve(dataDir, 'incoming'),
      storage: e.CLOUDINARY_URL
        ? cloudinaryStorage(e.CLOUDINARY_URL)
        : { kind: 'local', dir: resolve(dataDir, 'media') },
    },
    logLevel: e.LOG_LEVEL,
  };
}

const CLOUDINARY_API = 'https://api.cloudinary.com';

function cloudinaryStorage(raw: string): MediaStorageConfig {
  const url = new URL(raw);
  return {
    kind: 'cloudinary',
    cloudName: url.hostname,
    apiKey: decodeURIComponent(url.username),
    apiSecret: decodeURIComponent(url.password),
    apiBaseUrl: url.searchParams.get('upload_prefix') ?? CLOUDINARY_API,
  };
}

/** For entry points: the config, or the list of problems on stderr and exit code 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
