import { DurableKeyValueStore } from '@app/kv';
import { bearer, outboxMessages, signInByOtp, waitForOtpCode, type TestApp } from '@app/testing';
import { startTestApp } from './test-app';

describe('Signing in by e-mail code (OTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const requestCode = (email: string) => t.http().post('/api/v1/auth/otp/request').send({ email });
  const verify = (email: string, code: string) =>
    t.http().post('/api/v1/auth/otp/verify').send({ email, code });

  it('answers 202 at once with the code lifetime and resend delay, and e-mails a 6-digit code', async () => {
    const res = await requestCode('Ada.Lovelace@Example.com').expect(202);
    expect(res.body).toEqual({ expiresInSec: 300, resendAfterSec: 60 });
    const code = await waitForOtpCode(t.outboxDir, 'ada.lovelace@example.com');
    expect(code).toMatch(/^\d{6}$/);
    const [mail] = outboxMessages(t.outboxDir, 'ada.lovelace@example.com');
    expect(mail).toMatch(/^From: Chat <no-reply@chat\.localhost>$/m);
    expect(mail).toContain('It expires in 5 minutes');
    expect(mail).toContain('If you did not ask for this code, ignore this e-mail');
    expect(mail).toMatch(/Content-Type: text\/html/);
  });

  it('signs in with the code, creating the account on first use, and answers tokens and cookies', async () => {
    const email = 'first-time@example.com';
    await requestCode(email).expect(202);
    const code = await waitForOtpCode(t.outboxDir, email);
    const res = await verify(email, code).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      accessTokenExpiresInSec: 900,
      refreshTokenExpiresInSec: 15 * 24 * 3600,
      user: { email, name: 'first-time', hasPassword: false },
    });
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((c) => c.startsWith('access_token='))).toMatch(/HttpOnly/);
    const refreshCookie = cookies.find((c) => c.startsWith('refresh_token='));
    expect(refreshCookie).toContain('Path=/api/v1/auth;');
    expect(refreshCookie).toMatch(/HttpOnly; SameSite=Lax$/);
    expect(refreshCookie).not.toContain('Secure');

    const me = await t.http().get('/api/v1/users/me').set(bearer(res.body)).expect(200);
    expect(me.body).toMatchObject({ id: res.body.user.id, email });
  });

  it('signs the same person into the same account next time', async () => {
    const first = await signInByOtp(t, 'returning@example.com');
    // Skip the 60 s resend cooldown rather than wait for it.
    await t.app.get(DurableKeyValueStore).delete('otp:cooldown:returning@example.com');
    const second = await signInByOtp(t, 'returning@example.com');
    expect(second.user.id).toBe(first.user.id);
  });

  it('accepts a code only once', async () => {
    const email = 'once@example.com';
    await requestCode(email).expect(202);
    const code = await waitForOtpCode(t.outboxDir, email);
    await verify(email, code).expect(200);
    const again = await verify(email, code).expect(401);
    expect(again.body.message).toMatch(/No valid code/);
  });

  it('refuses a new code for the same address within 60 s, saying how long to wait', async () => {
    const email = 'impatient@example.com';
    await requestCode(email).expect(202);
    const res = await requestCode(email).expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(res.body.details.retryAfterSec).toBeGreaterThan(55);
    expect(res.body.details.retryAfterSec).toBeLessThanOrEqual(60);
    expect(Number(res.headers['retry-after'])).toBe(res.body.details.retryAfterSec);
    await waitForOtpCode(t.outboxDir, email);
    expect(outboxMessages(t.outboxDir, email)).toHaveLength(1);
  });

  it('kills a code after 5 wrong attempts, even for the right code afterwards', async () => {
    const email = 'guesser@example.com';
    await requestCode(email).expect(202);
    const code = await waitForOtpCode(t.outboxDir, email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left -= 1) {
      const res = await verify(email, wrong).expect(401);
      expect(res.body.details).toEqual({ attemptsLeft: left });
    }
    const res = await verify(email, code).expect(401);
    expect(res.body.message).toMatch(/Request a new code/);
  });

  it('refuses a code for an address that never asked for one', async () => {
    await verify('stranger@example.com', '123456').expect(401);
  });
});
