import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '@app/config';
import type { AuthSession } from '@app/contracts';
import {
  bearer,
  freePort,
  freshDataDir,
  outboxMessages,
  registerUser,
  spawnMain,
  startAppProcess,
  waitForOtpCode,
  type AppProcess,
} from '@app/testing';
import { startTestApp } from './test-app';

/** Runs the real entry point (`src/main.ts`) as a process and waits for it to exit. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnMain({ DATA_DIR: freshDataDir('startup'), ...env }, [
      'ignore',
      'ignore',
      'pipe',
    ]);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts did not exit within 20 s; stderr:\n${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('Starting the process', () => {
  it('refuses to start in production without JWT secrets, naming both variables', async () => {
    const { code, stderr } = await runMain({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration:');
    expect(stderr).toMatch(/- JWT_ACCESS_SECRET: must be set/);
    expect(stderr).toMatch(/- JWT_REFRESH_SECRET: must be set/);
  });

  it('lists every invalid variable at once and exits non-zero', async () => {
    const { code, stderr } = await runMain({
      PORT: 'http',
      REDIS_URL: 'localhost:6379',
      LOG_LEVEL: 'chatty',
    });
    expect(code).toBe(1);
    for (const variable of ['PORT', 'REDIS_URL', 'LOG_LEVEL'])
      expect(stderr).toContain(`- ${variable}: `);
  });

  it('names DATABASE_URL when the configured PostgreSQL cannot be reached', async () => {
    const { code, stderr } = await runMain({
      DATABASE_URL: 'postgres://chat:secret@127.0.0.1:1/chat',
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'Cannot start: DATABASE_URL: cannot reach postgres://chat:***@127.0.0.1:1/chat',
    );
    expect(stderr).not.toContain('secret');
  });

  it('names DATABASE_URL when the configured MongoDB cannot be reached, within its 5 s', async () => {
    const started = Date.now();
    const { code, stderr } = await runMain({
      DATABASE_URL: 'mongodb://chat:secret@127.0.0.1:1/chat',
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'Cannot start: DATABASE_URL: cannot reach mongodb://chat:***@127.0.0.1:1/chat',
    );
    expect(stderr).not.toContain('secret');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('names REDIS_URL when the configured Redis cannot be reached', async () => {
    const { code, stderr } = await runMain({
      REDIS_URL: 'redis://127.0.0.1:1',
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot start: REDIS_URL: cannot reach redis://127.0.0.1:1');
  });
});

describe('The embedded database', () => {
  it('keeps accounts in DATA_DIR across a restart', async () => {
    const dataDir = freshDataDir('restart');
    const first = await startTestApp({}, dataDir);
    const session = await registerUser(first, {
      email: 'durable@example.com',
      password: 'survives restarts',
    });
    await first.close();

    const second = await startTestApp({}, dataDir);
    try {
      const res = await second
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'durable@example.com', password: 'survives restarts' })
        .expect(200);
      expect(res.body.user.id).toBe(session.user.id);
    } finally {
      await second.close();
    }
  });

  it('keeps sign-in sessions and e-mailed codes across a restart, without Redis', async () => {
    const dataDir = freshDataDir('restart-sessions');
    const first = await startTestApp({}, dataDir);
    const session = await registerUser(first);
    await first.http().post('/api/v1/auth/otp/request').send({ email: 'later@example.com' });
    const code = await waitForOtpCode(first.outboxDir, 'later@example.com', 1);
    await first.close();

    const second = await startTestApp({}, dataDir);
    try {
      await second.http().get('/api/v1/users/me').set(bearer(session)).expect(200);
      const refreshed = await second
        .http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(200);
      expect((refreshed.body as AuthSession).user.id).toBe(session.user.id);
      await second
        .http()
        .post('/api/v1/auth/otp/verify')
        .send({ email: 'later@example.com', code })
        .expect(200);
      expect(outboxMessages(second.outboxDir, 'later@example.com')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

describe('One process per embedded database', () => {
  let dataDir: string;
  let first: AppProcess | undefined;
  const lockFile = () => join(dataDir, 'db.lock');
  const journal = () => join(dataDir, 'kv', 'durable.jsonl');

  beforeAll(async () => {
    dataDir = freshDataDir('lock');
    // As a process killed with SIGKILL leaves it: the pid of a process that is gone.
    writeFileSync(lockFile(), `${spawnSync(process.execPath, ['-e', '']).pid}\n`);
    first = await startAppProcess({ dataDir, env: { LOG_LEVEL: 'silent' } });
  });

  afterAll(async () => {
    await first?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts over a lock left by a process that is gone, and holds it with its own pid', () => {
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(first!.child.pid));
  });

  it('refuses a second process on the same DATA_DIR at once, naming the directory and the pid', async () => {
    const journalBefore = statSync(journal()).ino;
    const { code, stderr } = await runMain({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `Cannot start: DATA_DIR: cannot reach the embedded database in ${join(dataDir, 'db')}: process ${first!.child.pid} has it open`,
    );
    // It stopped before touching DATA_DIR: the session journal is rewritten on every open.
    expect(statSync(journal()).ino).toBe(journalBefore);
    expect(first!.alive()).toBe(true);
    expect((await fetch(`${first!.url}/health`)).status).toBe(200);
    expect(readFileSync(lockFile(), 'utf8').trim()).toBe(String(first!.child.pid));
  });

  it('releases the lock on a normal shutdown', async () => {
    await first!.stop();
    expect(first!.child.exitCode ?? first!.child.signalCode).not.toBeNull();
    expect(existsSync(lockFile())).toBe(false);
  });
});

describe('Empty variables', () => {
  it('boots and answers /health with every variable of .env.example set to the empty string', async () => {
    // Commented-out examples count too; PORT and DATA_DIR are the test's to choose.
    const names = [
      ...readFileSync(projectPath('.env.example'), 'utf8').matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm),
    ]
      .map((match) => match[1])
      .filter((name) => name !== 'PORT' && name !== 'DATA_DIR');
    expect(names).toEqual(expect.arrayContaining(['LOG_LEVEL', 'NODE_ENV', 'DATABASE_URL']));
    const app = await startAppProcess({
      env: Object.fromEntries(names.map((name) => [name, ''])),
    });
    try {
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
      // LOG_LEVEL='' is the default, info: the boot line is logged.
      expect(app.logLines().some((line) => line.includes('listening on'))).toBe(true);
    } finally {
      await app.stop();
    }
  });
});
