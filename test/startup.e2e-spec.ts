import type { AuthSession } from '@app/contracts';
import {
  bearer,
  freshDataDir,
  outboxMessages,
  registerUser,
  spawnMain,
  waitForOtpCode,
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
