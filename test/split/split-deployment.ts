import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { AuthSession } from '@app/contracts';
import {
  createMongoTestDatabase,
  createPostgresTestDatabase,
  LocalPushService,
  otpCodeIn,
  productionVapid,
  SmtpSink,
  TEST_RABBITMQ_URL,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  type Origin,
  TEST_APP_DATABASE,
} from '@app/testing';
import { PreviewSites } from '../link-preview-sites';
import { Nginx } from './nginx';
import { freePort, npmScriptCommand, ServiceProcess } from './service-process';

const ROOT = join(__dirname, '..', '..');

/**
 * What every service shares: the broker, Redis (sessions, sockets, BullMQ), the secrets and the
 * VAPID pair (each chat instance signs Web Push with it), and the local push service.
 */
function sharedEnv(redisPrefix: string, dataDir: string, pushOrigin = ''): Record<string, string> {
  return {
    ...productionVapid(),
    PUSH_TEST_ORIGINS: pushOrigin,
    PUSH_COLLAPSE: '300ms',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    RABBITMQ_URL: TEST_RABBITMQ_URL,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
    JWT_ACCESS_SECRET: 'split-access-secret-0123456789abcdef',
    JWT_REFRESH_SECRET: 'split-refresh-secret-0123456789abcdef',
    TRUST_PROXY: 'true',
    BCRYPT_ROUNDS: '4',
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    MESSAGE_RATE_LIMIT: '100000',
    // Both chat instances keep uploads in one folder, as replicas share a volume in compose.
    DATA_DIR: dataDir,
    MAIL_BACKOFF: '200ms',
    // No test message may send the services onto the network for a link preview.
    LINK_PREVIEWS: 'false',
  };
}

interface ServiceDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A database of one service's own: PostgreSQL, or MongoDB with `TEST_APP_DATABASE=mongodb`. */
const serviceDatabase = (): Promise<ServiceDatabase> =>
  TEST_APP_DATABASE === 'mongodb' ? createMongoTestDatabase() : createPostgresTestDatabase();

/**
 * user-service, two chat-service instances, mail-service and nginx as separate processes on this
 * machine, against the local PostgreSQL (one database per service; MongoDB with
 * `TEST_APP_DATABASE=mongodb`), Redis and RabbitMQ, with an
 * SMTP sink catching the e-mail. Tests talk to nginx, the single origin.
 */
export class SplitDeployment {
  private constructor(
    readonly origin: Origin,
    readonly nginx: Nginx,
    readonly sink: SmtpSink,
    readonly push: LocalPushService,
    /** Pages on 127.0.0.1 that chat-service, which fetches link previews, may reach. */
    readonly sites: PreviewSites,
    readonly user: ServiceProcess,
    readonly chatA: ServiceProcess,
    readonly chatB: ServiceProcess,
    readonly mail: ServiceProcess,
    private readonly databases: ServiceDatabase[],
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<SplitDeployment> {
    const [usersDb, chatDb] = await Promise.all([serviceDatabase(), serviceDatabase()]);
    const sink = await SmtpSink.start();
    const push = await LocalPushService.start();
    const sites = await PreviewSites.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'chat-split-'));
    const shared = sharedEnv(uniqueRedisPrefix('split'), dataDir, push.origin);
    const [userPort, chatAPort, chatBPort, mailPort, nginxPort] = await Promise.all(
      Array.from({ length: 5 }, () => freePort()),
    );
    // Where user-service and chat-service find every service, for nginx's /health and /docs.
    const SPLIT_SERVICES = [
      `users=http://127.0.0.1:${userPort}`,
      `chat=http://127.0.0.1:${chatAPort}`,
      `chat=http://127.0.0.1:${chatBPort}`,
      `mail=http://127.0.0.1:${mailPort}`,
    ].join(',');
    const user = new ServiceProcess('user-service', npmScriptCommand('start:user'), userPort, {
      ...shared,
      DATABASE_URL: usersDb.url,
      SPLIT_SERVICES,
    });
    const chat = (name: string, port: number) =>
      new ServiceProcess(name, npmScriptCommand('start:chat'), port, {
        ...shared,
        DATABASE_URL: chatDb.url,
        SPLIT_SERVICES,
        // chat-service fetches link previews: from the local sites only.
        LINK_PREVIEWS: 'true',
        LINK_PREVIEW_TEST_ORIGINS: sites.origin,
      });
    const chatA = chat('chat-service A', chatAPort);
    const chatB = chat('chat-service B', chatBPort);
    const mail = new ServiceProcess('mail-service', npmScriptCommand('start:mail'), mailPort, {
      ...shared,
      SMTP_URL: sink.url,
    });
    const services = [user, chatA, chatB, mail];
    let nginx: Nginx;
    try {
      await Promise.all(services.map((service) => service.start()));
      nginx = await Nginx.start({
        NGINX_PORT: String(nginxPort),
        USER_SERVICE: `127.0.0.1:${userPort}`,
        CHAT_SERVERS: `server 127.0.0.1:${chatAPort}; server 127.0.0.1:${chatBPort};`,
        WEB_ROOT: join(ROOT, 'apps', 'web', 'dist'),
      });
    } catch (error) {
      // One service failing to start must not leave the others running (Jest would never exit).
      await Promise.all(services.map((service) => service.stop()));
      await sink.close();
      await push.close();
      await sites.close();
      await Promise.all([usersDb, chatDb].map((db) => db.drop()));
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    const origin: Origin = { url: nginx.url, http: () => request(nginx.url) };
    return new SplitDeployment(
      origin,
      nginx,
      sink,
      push,
      sites,
      user,
      chatA,
      chatB,
      mail,
      [usersDb, chatDb],
      dataDir,
    );
  }

  get services(): ServiceProcess[] {
    return [this.user, this.chatA, this.chatB, this.mail];
  }

  /** Signs in by e-mail code through nginx, reading the code from the SMTP sink. */
  async signIn(email: string): Promise<AuthSession & { requestId: string }> {
    const before = this.sink.to(email).length;
    const asked = await this.origin
      .http()
      .post('/api/v1/auth/otp/request')
      .send({ email })
      .expect(202);
    const mails = await this.sink.waitFor(email, before + 1);
    const code = otpCodeIn(mails[mails.length - 1].raw);
    const res = await this.origin
      .http()
      .post('/api/v1/auth/otp/verify')
      .send({ email, code })
      .expect(200);
    return { ...(res.body as AuthSession), requestId: String(asked.headers['x-request-id']) };
  }

  async stop(): Promise<void> {
    await this.nginx?.stop();
    await Promise.all(this.services.map((service) => service.stop()));
    await this.sink.close();
    await this.push.close();
    await this.sites.close();
    await Promise.all(this.databases.map((db) => db.drop()));
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * The single process (`node dist/src/main.js`, what `npm start` runs) on PostgreSQL and Redis, for
 * comparing with the split deployment on the same machine.
 */
export async function startSingleProcess(): Promise<{ origin: Origin; stop: () => Promise<void> }> {
  const db = await createPostgresTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-single-'));
  const env = { ...sharedEnv(uniqueRedisPrefix('single'), dataDir), DATABASE_URL: db.url };
  const app = new ServiceProcess(
    'single process',
    [process.execPath, join('dist', 'src', 'main.js')],
    await freePort(),
    env,
  );
  await app.start();
  return {
    origin: { url: app.url, http: () => request(app.url) },
    stop: async () => {
      await app.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
