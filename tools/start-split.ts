/**
 * `npm run start:split`: the split deployment on this machine, in one command. user-service, two
 * chat-service instances and mail-service as processes on free ports, nginx in front of them as
 * the single origin, on the local PostgreSQL (or MongoDB), Redis and RabbitMQ. It creates what the
 * services cannot (the two databases, a RabbitMQ vhost of its own), gives every service what they
 * must share (JWT secrets, Redis key prefix, data directory with the outbox and media, the list of
 * services), starts nginx only once the services answer, prints the address to open, and stops
 * everything on Ctrl-C. Settings: README, "Run it split".
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Nginx } from './split/nginx';
import { prepareDatabases, prepareVhost, redact } from './split/prepare';
import { freePort, npmScriptCommand, portIsFree, ROOT } from './split/processes';
import { ServiceChild } from './split/service-child';

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const say = (line: string) => process.stdout.write(`${line}\n`);

/** As every app does at boot: `.env` if there is one, variables already set winning. */
if (existsSync(join(ROOT, '.env'))) process.loadEnvFile(join(ROOT, '.env'));
const env = process.env;

async function httpPort(): Promise<number> {
  if (env.HTTP_PORT) return Number(env.HTTP_PORT);
  // compose's port when it is free, so the address is the one the docs give.
  return (await portIsFree(8080)) ? 8080 : freePort();
}

function checkBuilt(): void {
  for (const built of ['dist/apps/user-service/src/main.js', 'apps/web/dist/index.html']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run npm run build`);
  }
}

let nginx: Nginx | undefined;
const children: ServiceChild[] = [];
let stopping: Promise<never> | undefined;

/** Stops nginx, then every service; whoever asks again gets the stop already under way. */
function stopAll(code: number): Promise<never> {
  stopping ??= (async () => {
    if (children.length > 0) say('\nStopping nginx and the services…');
    await nginx?.stop();
    await Promise.all(children.map((child) => child.stop()));
    if (children.length > 0) say('Stopped.');
    process.exit(code);
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (!stopping) return void stopAll(0);
    // A second Ctrl-C: whatever has not stopped yet is killed.
    for (const child of children) child.kill();
    process.exit(130);
  });
}

async function main(): Promise<void> {
  checkBuilt();
  const dataDir = resolve(ROOT, env.DATA_DIR || 'data', 'split');
  const logs = join(dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const [databases, broker] = await Promise.all([
    prepareDatabases(env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/chat_split'),
    prepareVhost(env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672'),
  ]);
  const port = await httpPort();
  const origin = `http://localhost:${port}`;
  const [userPort, chatAPort, chatBPort, mailPort] = await Promise.all(
    [1, 2, 3, 4].map(() => freePort()),
  );
  const at = (p: number) => `http://127.0.0.1:${p}`;
  const shared: NodeJS.ProcessEnv = {
    ...env,
    RABBITMQ_URL: broker.url,
    REDIS_URL: env.REDIS_URL || 'redis://127.0.0.1:6379',
    // Apart from `npm start`'s keys on the same Redis.
    REDIS_KEY_PREFIX: `${env.REDIS_KEY_PREFIX || 'chat:'}split:`,
    DATA_DIR: dataDir,
    WEB_ORIGIN: `${origin},http://127.0.0.1:${port}`,
    TRUST_PROXY: 'true',
    SPLIT_SERVICES: [
      `users=${at(userPort)}`,
      `chat=${at(chatAPort)}`,
      `chat=${at(chatBPort)}`,
      `mail=${at(mailPort)}`,
    ].join(','),
  };
  const service = (name: string, script: string, p: number, own: NodeJS.ProcessEnv) =>
    new ServiceChild(
      name,
      npmScriptCommand(script),
      p,
      { ...shared, ...own },
      join(logs, `${name}.log`),
    );
  children.push(
    service('user-service', 'start:user', userPort, { DATABASE_URL: databases.users }),
    service('chat-service-a', 'start:chat', chatAPort, { DATABASE_URL: databases.chat }),
    service('chat-service-b', 'start:chat', chatBPort, { DATABASE_URL: databases.chat }),
    // Mail keeps no data of its own ('' is unset, whatever .env says).
    service('mail-service', 'start:mail', mailPort, { DATABASE_URL: '' }),
  );
  const died = (child: ServiceChild) => (code: number | null) => {
    process.stderr.write(`\n${child.name} exited (${code}); its log: ${child.logFile}\n`);
    void stopAll(1);
  };
  say(
    `Starting user-service, chat-service ×2 and mail-service (logs in ${relative(ROOT, logs)}/)…`,
  );
  await Promise.all(children.map((child) => child.start(died(child))));
  // nginx resolves and checks its upstreams as it starts: only once the services answer.
  nginx = await Nginx.start({
    NGINX_PORT: String(port),
    USER_SERVICE: `127.0.0.1:${userPort}`,
    CHAT_SERVERS: `server 127.0.0.1:${chatAPort}; server 127.0.0.1:${chatBPort};`,
    WEB_ROOT: join(ROOT, 'apps', 'web', 'dist'),
  });
  nginx.onExit((code) => {
    process.stderr.write(`\nnginx exited (${code})\n`);
    void stopAll(1);
  });
  say(
    [
      '',
      `Split deployment up in ${seconds()} s. Open ${origin}`,
      '',
      `  Swagger UI      ${origin}/docs  (every service's routes; health: ${origin}/health/ready)`,
      `  sign-in codes   ${relative(ROOT, join(dataDir, 'outbox'))}/  (newest .eml, the code in its subject)${env.SMTP_URL ? ', or your SMTP_URL' : ''}`,
      ...children.map((child) => `  ${child.name.padEnd(15)} ${child.url}`),
      `  databases       ${redact(databases.users)}, ${redact(databases.chat)}`,
      `  RabbitMQ        ${redact(broker.url)}${broker.created ? ' (vhost created)' : ''}`,
      `  Redis           ${redact(shared.REDIS_URL ?? '')} (keys under ${shared.REDIS_KEY_PREFIX})`,
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(
    `\nCannot start the split deployment: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  await stopAll(1);
});
