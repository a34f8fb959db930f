import { execFileSync } from 'node:child_process';
import { connect } from 'amqplib';
import { Client } from 'pg';

/** Each service's own database: DATABASE_URL's name with `_users` and `_chat`. */
export interface SplitDatabases {
  users: string;
  chat: string;
}

const MONGODB = /^(mongodb(?:\+srv)?:\/\/[^/]+\/)([^/?#]+)(.*)$/;

function withDatabase(base: string, name: string): string {
  const mongo = MONGODB.exec(base);
  if (mongo) return `${mongo[1]}${name}${mongo[3]}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

function databaseName(base: string): string {
  const mongo = MONGODB.exec(base);
  const name = mongo ? mongo[2] : decodeURIComponent(new URL(base).pathname.slice(1));
  if (!/^[A-Za-z0-9_-]+$/.test(name))
    throw new Error(`DATABASE_URL needs a database name: ${base}`);
  return name;
}

/**
 * The services migrate their databases at boot but cannot create them: on PostgreSQL each is
 * created here when missing (MongoDB creates a database on first write). Kept between runs.
 */
export async function prepareDatabases(base: string): Promise<SplitDatabases> {
  const name = databaseName(base);
  const databases = {
    users: withDatabase(base, `${name}_users`),
    chat: withDatabase(base, `${name}_chat`),
  };
  if (MONGODB.test(base)) return databases;
  const admin = new Client({
    connectionString: withDatabase(base, 'postgres'),
    connectionTimeoutMillis: 5000,
  });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${redact(base)}: ${String(error)}`);
  }
  try {
    for (const database of [`${name}_users`, `${name}_chat`]) {
      const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
      if (found.rowCount === 0) await admin.query(`create database "${database}"`);
    }
  } finally {
    await admin.end();
  }
  return databases;
}

/** The vhost a URL without one gets: its queues apart from another deployment's on the broker. */
export const SPLIT_VHOST = 'chat-split';

/**
 * RABBITMQ_URL with a vhost of its own (`chat-split` when the URL names none), created if missing:
 * through the management API where the broker has it, else with rabbitmqctl where that runs. Two
 * deployments on one broker would otherwise share `mail.requested` and the RPC queues, each
 * taking the other's messages.
 */
export async function prepareVhost(
  rabbitmqUrl: string,
): Promise<{ url: string; created: boolean }> {
  const url = new URL(rabbitmqUrl);
  if (url.pathname === '' || url.pathname === '/') url.pathname = `/${SPLIT_VHOST}`;
  const vhost = decodeURIComponent(url.pathname.slice(1));
  const target = url.toString();
  if (await opens(target)) return { url: target, created: false };
  const user = decodeURIComponent(url.username || 'guest');
  if (
    !(await createThroughManagementApi(url, vhost, user)) &&
    !createWithRabbitmqctl(vhost, user)
  ) {
    throw new Error(
      `RabbitMQ vhost "${vhost}" does not exist and could not be created (no management API on port 15672, no rabbitmqctl): create it (rabbitmqctl add_vhost ${vhost}; rabbitmqctl set_permissions -p ${vhost} ${user} '.*' '.*' '.*') or name an existing one in RABBITMQ_URL`,
    );
  }
  if (!(await opens(target))) throw new Error(`RabbitMQ: cannot open vhost "${vhost}" as ${user}`);
  return { url: target, created: true };
}

async function opens(url: string): Promise<boolean> {
  try {
    const connection = await connect(url);
    await connection.close();
    return true;
  } catch (error) {
    // Refused or unreachable is not a missing vhost: nothing to create.
    if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH/.test(String(error))) {
      throw new Error(`RabbitMQ is not reachable at ${redact(url)}: ${String(error)}`);
    }
    return false;
  }
}

async function createThroughManagementApi(url: URL, vhost: string, user: string): Promise<boolean> {
  const api = `http://${url.hostname}:15672/api`;
  const auth = `Basic ${Buffer.from(`${user}:${decodeURIComponent(url.password || 'guest')}`).toString('base64')}`;
  const put = (path: string, body: object) =>
    fetch(`${api}${path}`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(3000),
    });
  try {
    const v = encodeURIComponent(vhost);
    if (!(await put(`/vhosts/${v}`, {})).ok) return false;
    const all = { configure: '.*', write: '.*', read: '.*' };
    return (await put(`/permissions/${v}/${encodeURIComponent(user)}`, all)).ok;
  } catch {
    return false;
  }
}

/** Debian installs rabbitmqctl in /usr/sbin, off an ordinary user's PATH. */
function createWithRabbitmqctl(vhost: string, user: string): boolean {
  for (const rabbitmqctl of ['rabbitmqctl', '/usr/sbin/rabbitmqctl']) {
    try {
      const run = (args: string[]) =>
        execFileSync(rabbitmqctl, args, { stdio: 'ignore', timeout: 30_000 });
      run(['add_vhost', vhost]);
      run(['set_permissions', '-p', vhost, user, '.*', '.*', '.*']);
      return true;
    } catch {
      // Not there, or not allowed (it needs the broker's Erlang cookie): the next, or give up.
    }
  }
  return false;
}

/** A URL without its password, for messages. */
export function redact(raw: string): string {
  return raw.replace(/^([a-z+]+:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}
