import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isUp, ROOT, sleep } from './processes';

export const NGINX_TEMPLATE = join(ROOT, 'deploy', 'nginx', 'chat.conf.template');

export interface NginxVariables {
  NGINX_PORT: string;
  USER_SERVICE: string;
  CHAT_SERVERS: string;
  WEB_ROOT: string;
}

/**
 * Fills in `${NAME}` for the given names only, as the official nginx image's envsubst step does,
 * so nginx's own `$variables` stay as they are.
 */
export function renderTemplate(template: string, variables: NginxVariables): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) =>
    name in variables ? variables[name as keyof NginxVariables] : whole,
  );
}

/** Debian puts nginx in /usr/sbin, which is not on an ordinary user's PATH. */
export function nginxBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs
    .filter((dir) => dir.startsWith('/'))
    .map((dir) => join(dir, 'nginx'))
    .find((file) => existsSync(file));
}

/** nginx with the deployment's own config (deploy/nginx), as a child process in the foreground. */
export class Nginx {
  private child?: ChildProcess;
  private output = '';

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(variables: NginxVariables): Promise<Nginx> {
    const binary = nginxBinary();
    if (!binary) throw new Error('nginx is not installed (Debian: apt-get install nginx)');
    const dir = mkdtempSync(join(tmpdir(), 'chat-nginx-'));
    for (const sub of ['logs', 'temp']) mkdirSync(join(dir, sub));
    writeFileSync(
      join(dir, 'chat.conf'),
      renderTemplate(readFileSync(NGINX_TEMPLATE, 'utf8'), variables),
    );
    // What the official image's main config provides around conf.d/*.conf.
    writeFileSync(
      join(dir, 'nginx.conf'),
      [
        'daemon off;',
        // One worker: connections are spread over the chat instances in a predictable order.
        'worker_processes 1;',
        ...(process.getuid?.() === 0 ? ['user root;'] : []),
        `pid ${join(dir, 'nginx.pid')};`,
        `error_log ${join(dir, 'logs', 'error.log')} warn;`,
        'events { worker_connections 4096; }',
        'http {',
        '  include /etc/nginx/mime.types;',
        `  access_log ${join(dir, 'logs', 'access.log')};`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
          (kind) => `  ${kind}_temp_path ${join(dir, 'temp', kind)};`,
        ),
        `  include ${join(dir, 'chat.conf')};`,
        '}',
      ].join('\n'),
    );
    const nginx = new Nginx(dir, Number(variables.NGINX_PORT));
    // Its own process group: a Ctrl-C in the terminal reaches whoever started it, who stops it.
    const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    nginx.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (nginx.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (nginx.output += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`nginx exited:\n${nginx.output}`);
      }
      if (await isUp(`${nginx.url}/`)) return nginx;
      await sleep(50);
    }
    await nginx.stop();
    throw new Error(`nginx did not answer in 10 s:\n${nginx.output}`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Called when nginx ends by itself, not when `stop` ends it. */
  onExit(listener: (code: number | null) => void): void {
    this.child?.once('exit', (code) => {
      if (!this.stopping) listener(code);
    });
  }

  private stopping = false;

  /** Finishes the requests in progress, then exits (SIGQUIT, nginx's graceful stop). */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGQUIT');
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
