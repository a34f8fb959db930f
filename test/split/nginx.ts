import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '@app/testing';
import { isUp } from './service-process';

const ROOT = join(__dirname, '..', '..');
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

/** Debian's nginx with the deployment's own config (deploy/nginx), as a process of the test. */
export class Nginx {
  private child?: ChildProcess;
  private output = '';

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(variables: NginxVariables): Promise<Nginx> {
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
    const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    nginx.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (nginx.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (nginx.output += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`nginx exited:\n${nginx.output}`);
      if (await isUp(`${nginx.url}/`)) return nginx;
      await sleep(50);
    }
    throw new Error(`nginx did not answer in 10 s:\n${nginx.output}`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
