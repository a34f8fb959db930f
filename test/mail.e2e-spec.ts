import { getQueueToken } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { MAIL_QUEUE, MailQueue } from '@app/contracts';
import {
  freshDataDir,
  otpCodeIn,
  SmtpSink,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  type TestApp,
} from '@app/testing';
import { startTestApp } from './test-app';

const BACKOFF_MS = 200;

/** The app with BullMQ on the real Redis, sending to an SMTP sink. */
async function startWithQueue(
  sink: SmtpSink,
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<TestApp> {
  return startTestApp(
    {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX ?? uniqueRedisPrefix('mail'),
      SMTP_URL: sink.url,
      MAIL_BACKOFF: `${BACKOFF_MS}ms`,
      ...env,
    },
    dataDir,
  );
}

const queueOf = (t: TestApp) => t.app.get<Queue>(getQueueToken(MAIL_QUEUE));
const requestCode = (t: TestApp, email: string) =>
  t.http().post('/api/v1/auth/otp/request').send({ email }).expect(202);

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Sign-in e-mails through BullMQ and SMTP', () => {
  let sink: SmtpSink;
  let t: TestApp;

  beforeEach(async () => {
    sink = await SmtpSink.start();
    t = await startWithQueue(sink);
  });

  afterEach(async () => {
    await t.close();
    await sink.close();
  });

  it('sends exactly one e-mail with the right code to the right address', async () => {
    await requestCode(t, 'Ada@Example.com');
    const [mail] = await sink.waitFor('ada@example.com');
    const code = otpCodeIn(mail.raw);
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.raw).toMatch(/^To: ada@example\.com\r?$/m);
    await t
      .http()
      .post('/api/v1/auth/otp/verify')
      .send({ email: 'ada@example.com', code })
      .expect(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.received).toHaveLength(1);
  });

  it('sends one e-mail for a duplicated enqueue of the same code', async () => {
    const mail = t.app.get(MailQueue);
    const request = {
      idempotencyKey: 'same-code',
      to: 'dup@example.com',
      code: '123456',
      expiresInSec: 300,
    };
    await Promise.all([
      mail.enqueueOtp(request),
      mail.enqueueOtp(request),
      mail.enqueueOtp(request),
    ]);
    await sink.waitFor('dup@example.com');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.to('dup@example.com')).toHaveLength(1);
  });

  it('reports the queue at /health/ready and its counts at /metrics', async () => {
    await requestCode(t, 'metrics@example.com');
    await sink.waitFor('metrics@example.com');
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.checks.mail).toMatchObject({ status: 'up', kind: 'smtp' });
    await until(async () => (await queueOf(t).getCompletedCount()) === 1);
    const metrics = await t.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('mail_queue_jobs{state="completed"} 1');
    expect(metrics.text).toContain('mail_delivered_total 1');
  });

  it('takes a median of well under a second from the request to the SMTP server (20 sign-ins)', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const email = `latency${i}@example.com`;
      const started = Date.now();
      await requestCode(t, email);
      const [mail] = await sink.waitFor(email);
      latencies.push(mail.receivedAt - started);
    }
    latencies.sort((a, b) => a - b);
    const median = (latencies[9] + latencies[10]) / 2;
    process.stdout.write(
      `Queued OTP e-mail, request to SMTP receipt: median ${median} ms, max ${latencies[19]} ms (20 sign-ins)\n`,
    );
    expect(median).toBeLessThan(1000);
  });
});

describe('Retries and failures', () => {
  it('delivers once on the third attempt after two temporary failures, with exponential backoff', async () => {
    const sink = await SmtpSink.start({ rejectFirst: 2 });
    const t = await startWithQueue(sink);
    try {
      await requestCode(t, 'retry@example.com');
      await sink.waitFor('retry@example.com');
      expect(sink.to('retry@example.com')).toHaveLength(1);
      expect(sink.attempts).toHaveLength(3);
      const [first, second, third] = sink.attempts;
      expect(second - first).toBeGreaterThanOrEqual(BACKOFF_MS - 20);
      expect(third - second).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 20);
      await until(async () => (await queueOf(t).getCompletedCount()) === 1);
      const [job] = await queueOf(t).getJobs(['completed']);
      expect(job.attemptsMade).toBe(3);
      expect(job.stacktrace).toHaveLength(2);
      expect(job.stacktrace?.[0]).toContain('451');
    } finally {
      await t.close();
      await sink.close();
    }
  });

  it('keeps a job that failed every attempt in the failed set and counts it, while the API answered 202', async () => {
    const sink = await SmtpSink.start({ rejectAll: true });
    const t = await startWithQueue(sink, { MAIL_ATTEMPTS: '3', MAIL_BACKOFF: '50ms' });
    const errors = jest.spyOn(Logger.prototype, 'error');
    try {
      await requestCode(t, 'doomed@example.com');
      await until(async () => (await queueOf(t).getFailedCount()) === 1);
      const [job] = await queueOf(t).getFailed();
      expect(job.attemptsMade).toBe(3);
      expect(job.failedReason).toContain('451');
      expect(sink.attempts).toHaveLength(3);
      expect(sink.received).toHaveLength(0);
      const metrics = await t.http().get('/metrics').expect(200);
      expect(metrics.text).toContain('mail_failed_total 1');
      expect(metrics.text).toContain('mail_queue_jobs{state="failed"} 1');
      expect(errors).toHaveBeenCalledWith(
        expect.objectContaining({
          jobId: job.id,
          attemptsMade: 3,
          reason: expect.stringContaining('451'),
        }),
        'E-mail failed for good after 3 attempts; kept in the failed set',
      );
    } finally {
      errors.mockRestore();
      await t.close();
      await sink.close();
    }
  });

  it('finishes the active job before shutting down, so none is left active after a restart', async () => {
    const sink = await SmtpSink.start({ delayMs: 1000 });
    const prefix = uniqueRedisPrefix('shutdown');
    const dataDir = freshDataDir('shutdown');
    const first = await startWithQueue(sink, { REDIS_KEY_PREFIX: prefix }, dataDir);
    await requestCode(first, 'slow@example.com');
    await until(async () => (await queueOf(first).getActiveCount()) === 1);
    await first.close();
    expect(sink.to('slow@example.com')).toHaveLength(1);

    const second = await startWithQueue(sink, { REDIS_KEY_PREFIX: prefix }, dataDir);
    try {
      const counts = await queueOf(second).getJobCounts('active', 'waiting', 'completed', 'failed');
      expect(counts).toMatchObject({ active: 0, waiting: 0, completed: 1, failed: 0 });
    } finally {
      await second.close();
      await sink.close();
    }
  });
});

describe('Without Redis: the same policy in the process', () => {
  it('retries with the same backoff and delivers once, and counts a job that fails for good', async () => {
    const flaky = await SmtpSink.start({ rejectFirst: 2 });
    const t = await startTestApp({ SMTP_URL: flaky.url, MAIL_BACKOFF: `${BACKOFF_MS}ms` });
    try {
      await requestCode(t, 'local@example.com');
      await flaky.waitFor('local@example.com');
      expect(flaky.attempts).toHaveLength(3);
      expect(flaky.attempts[2] - flaky.attempts[1]).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 20);
      const ready = await t.http().get('/health/ready').expect(200);
      expect(ready.body.checks.mail).toMatchObject({ status: 'up', kind: 'smtp' });
    } finally {
      await t.close();
      await flaky.close();
    }

    const down = await SmtpSink.start({ rejectAll: true });
    const u = await startTestApp({ SMTP_URL: down.url, MAIL_ATTEMPTS: '2', MAIL_BACKOFF: '50ms' });
    try {
      await requestCode(u, 'lost@example.com');
      await until(async () =>
        (await u.http().get('/metrics')).text.includes('mail_failed_total 1'),
      );
      expect((await u.http().get('/metrics')).text).toContain('mail_queue_jobs{state="failed"} 1');
    } finally {
      await u.close();
      await down.close();
    }
  });
});
