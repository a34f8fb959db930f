import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { productionVapid } from '@app/testing';
import { NGINX_TEMPLATE, renderTemplate, type NginxVariables } from './split/nginx';

const ROOT = join(__dirname, '..');

interface ComposeService {
  command?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
  build?: { target?: string };
}

/** An empty env file: a developer's own .env must not change what is checked. */
const NO_ENV_FILE = join(mkdtempSync(join(tmpdir(), 'compose-')), '.env');
writeFileSync(NO_ENV_FILE, '');

/** Debian's docker-compose parses and validates the file (no Docker engine runs here). */
function compose(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('docker-compose', ['--env-file', NO_ENV_FILE, ...args], {
    cwd: ROOT,
    env: { PATH: `${process.env.PATH}:/usr/bin:/usr/sbin`, ...env },
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`docker-compose cannot run: ${result.error.message}`);
  return result;
}

const SECRETS = {
  JWT_ACCESS_SECRET: 'compose-access-secret-0123456789abcdef',
  JWT_REFRESH_SECRET: 'compose-refresh-secret-0123456789abcdef',
  ...productionVapid(),
};

describe('docker-compose.yml (validated by docker-compose, not run)', () => {
  let services: Record<string, ComposeService>;

  beforeAll(() => {
    const resolved = compose(['config'], SECRETS);
    expect(resolved.stderr).toBe('');
    expect(resolved.status).toBe(0);
    services = (load(resolved.stdout) as { services: Record<string, ComposeService> }).services;
  });

  it('is valid with the secrets from .env, and names the missing secret without them', () => {
    expect(compose(['config', '-q'], SECRETS).status).toBe(0);
    const missing = compose(['config', '-q']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('set JWT_ACCESS_SECRET in .env');
  });

  it('has the whole deployment: three services, nginx, MongoDB, Redis, broker and an SMTP catcher', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'chat-service',
        'mail-service',
        'mailpit',
        'mongo',
        'nginx',
        'rabbitmq',
        'redis',
        'user-service',
      ].sort(),
    );
    expect(services['chat-service'].deploy?.replicas).toBe(2);
    // MongoDB for both services that store data, a database each.
    expect(services['user-service'].environment?.DATABASE_URL).toBe(
      'mongodb://mongo:27017/users?replicaSet=rs0',
    );
    expect(services['chat-service'].environment?.DATABASE_URL).toBe(
      'mongodb://mongo:27017/chat?replicaSet=rs0',
    );
  });

  it('starts each service with the npm script the split e2e suite starts as a process', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const [service, script, app] of [
      ['user-service', 'start:user', 'user-service'],
      ['chat-service', 'start:chat', 'chat-service'],
      ['mail-service', 'start:mail', 'mail-service'],
    ]) {
      expect(services[service].command).toEqual(['npm', 'run', script]);
      expect(scripts[script]).toBe(`node dist/apps/${app}/src/main.js`);
      expect(services[service].build?.target).toBe('service');
    }
  });

  it('checks the health of everything and starts nothing before what it depends on is healthy', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.healthcheck?.test.length]).toEqual([name, expect.any(Number)]);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect([name, dependency, condition]).toEqual([name, dependency, 'service_healthy']);
      }
    }
  });

  it('gives nginx every variable of the one nginx template the tests use, and the image carries it', () => {
    const environment = services.nginx.environment ?? {};
    const rendered = renderTemplate(
      readFileSync(NGINX_TEMPLATE, 'utf8'),
      environment as unknown as NginxVariables,
    );
    expect(rendered).not.toMatch(/\$\{[A-Z_]+\}/);
    expect(services.nginx.build?.target).toBe('web');
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toContain(
      'COPY deploy/nginx/chat.conf.template /etc/nginx/templates/default.conf.template',
    );
  });
});
