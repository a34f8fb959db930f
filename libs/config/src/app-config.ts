import type { ScriptedHosts } from './scripted-hosts';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type SqlDatabaseConfig =
  { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export type DatabaseConfig = SqlDatabaseConfig | { kind: 'mongodb'; url: string };

export type KeyValueConfig = { kind: 'memory' } | { kind: 'redis'; url: string; keyPrefix: string };

export interface AuthConfig {
  accessSecret: string;
  refreshSecret: string;
  accessTtlSec: number;
  refreshTtlSec: number;
  /** A refresh token presented again within this long after its rotation gets the same new pair. */
  refreshReuseGraceMs: number;
  bcryptRounds: number;
}

export interface HttpConfig {
  port: number;
  webOrigins: string[];
  trustProxy: boolean;
  rateLimitPerMinute: number;
  authRateLimitPerMinute: number;
}

export interface MailConfig {
  from: string;
  /** Unset: e-mails are written to DATA_DIR/outbox instead of sent. */
  smtpUrl?: string;
  /** Delivery attempts per e-mail, the first included. */
  attempts: number;
  /** Wait before the first retry; each further retry waits twice as long. */
  backoffMs: number;
}

export interface PushConfig {
  /** Configured VAPID keys (base64url); unset: the single process makes a pair in DATA_DIR. */
  vapid?: { publicKey: string; privateKey: string };
  /** Whom push services may contact about us: a mailto: or https: URL. */
  subject: string;
  /** Push service hosts accepted besides the major browsers' own (`*.suffix` allowed). */
  extraHosts: string[];
  /** Test suites only (NODE_ENV=test): exact origins of a local push service, http allowed. */
  testOrigins: string[];
  /** How long a push service keeps a notification for a device that is offline. */
  ttlSec: number;
  /** Messages of one chat within this long become one notification. */
  collapseMs: number;
  /** Delivery attempts per notification and device, the first included. */
  attempts: number;
  /** Wait before the first retry; each further retry waits twice as long. */
  backoffMs: number;
}

export interface LinkPreviewConfig {
  /** Whether the server fetches previews of the links in new messages (LINK_PREVIEWS). */
  enabled: boolean;
  /** Test suites only (NODE_ENV=test): exact origins of local pages, http and loopback allowed. */
  testOrigins: string[];
  /**
   * Test suites only (NODE_ENV=test): when not empty, the only answers host names get (each
   * lookup the next answer, the last repeating), instead of DNS.
   */
  testHosts: ScriptedHosts;
}

export interface ChatConfig {
  /** At most this many messages per user per window, REST and socket together. */
  messageRateLimit: number;
  messageRateWindowMs: number;
  /**
   * Sends this process works on at once; past it a send is refused at once with 503 /
   * `unavailable` (the client sends it again) instead of queueing until every send is late.
   */
  maxSendsInFlight: number;
  /** How long a crashed instance's connections keep their users online. */
  presenceTtlMs: number;
  /**
   * Bytes that may wait to be written to one socket (queued in the server plus the transport's
   * buffer); past it the connection is closed, and the client reconnects and resumes.
   */
  maxBufferedBytesPerSocket: number;
  /**
   * Someone offline this long while messages arrived gets one "unread messages" e-mail; also the
   * least time between two such e-mails.
   */
  unreadReminderAfterMs: number;
}

/** Where uploaded images live: files under DATA_DIR/media, or Cloudinary. */
export type MediaStorageConfig =
  | { kind: 'local'; dir: string }
  | {
      kind: 'cloudinary';
      cloudName: string;
      apiKey: string;
      apiSecret: string;
      /** Upload API origin: Cloudinary's own unless `upload_prefix` is given in CLOUDINARY_URL. */
      apiBaseUrl: string;
    };

export interface MediaConfig {
  /** Largest accepted image upload, in bytes. */
  maxBytes: number;
  /** Largest accepted file (any other attachment, voice messages included), in bytes. */
  fileMaxBytes: number;
  /** What one person's uploads (images and files) may add up to, in bytes. */
  quotaBytes: number;
  /** Longest voice message, in milliseconds. */
  voiceMaxMs: number;
  /** Where a file is written while it streams in (DATA_DIR/incoming), before it is stored. */
  incomingDir: string;
  /** Per user, every instance together. */
  uploadsPerMinute: number;
  storage: MediaStorageConfig;
}

/** One instance of a service of the split deployment: `users` at `http://user-service:3000`. */
export interface SplitServiceInstance {
  service: string;
  url: string;
}

/** The validated, typed configuration every module reads; built once at boot by `loadConfig`. */
export interface AppConfig {
  env: NodeEnv;
  isProduction: boolean;
  dataDir: string;
  database: DatabaseConfig;
  kv: KeyValueConfig;
  /** The broker the split apps talk over; unused by the single process. */
  rabbitmqUrl?: string;
  /**
   * The split deployment's services, for the views of the whole deployment that user-service and
   * chat-service serve behind nginx (`/health`, `/health/ready`, `/metrics`, `/docs`); unset
   * elsewhere.
   */
  splitServices?: SplitServiceInstance[];
  auth: AuthConfig;
  http: HttpConfig;
  mail: MailConfig;
  push: PushConfig;
  previews: LinkPreviewConfig;
  chat: ChatConfig;
  media: MediaConfig;
  logLevel: LogLevel;
}

/** Injection token for `AppConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');
