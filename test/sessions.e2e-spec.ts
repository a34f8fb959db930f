import type { AuthSession, SessionView } from '@app/contracts';
import {
  bearer,
  connectClient,
  disconnectAll,
  nextEvent,
  outboxMessages,
  registerUser,
  sleep,
  type TestApp,
} from '@app/testing';
import { DurableKeyValueStore } from '@app/kv';
import { startTestApp } from './test-app';

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describe('Your sessions: where you are signed in, and signing out a lost device', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterEach(() => disconnectAll());

  afterAll(async () => {
    await t?.close();
  });

  /** One person signed in on a laptop (Firefox on Linux) and a phone (Safari on iOS). */
  async function personWithTwoDevices() {
    const registered = await registerUser(t);
    const signIn = async (userAgent: string) =>
      (
        await t
          .http()
          .post('/api/v1/auth/login')
          .set('User-Agent', userAgent)
          .send({ email: registered.user.email, password: registered.password })
          .expect(200)
      ).body as AuthSession;
    return { laptop: await signIn(FIREFOX_LINUX), phone: await signIn(SAFARI_IPHONE), registered };
  }
  const sessionsOf = async (session: AuthSession) =>
    (await t.http().get('/api/v1/auth/sessions').set(bearer(session)).expect(200))
      .body as SessionView[];
  const refresh = (session: AuthSession) =>
    t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken });

  it('lists each session with its device, its dates, and which one is this one', async () => {
    const { laptop } = await personWithTwoDevices();
    const sessions = await sessionsOf(laptop);
    expect(
      sessions
        .map(({ device, current }) => ({ device, current }))
        .sort((a, b) => a.device.localeCompare(b.device)),
    ).toEqual([
      { device: 'Firefox on Linux', current: true },
      { device: 'Safari on iOS', current: false },
      // The registration's own session (supertest names no browser).
      { device: 'Unknown device', current: false },
    ]);
    for (const session of sessions) {
      expect(Date.parse(session.createdAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(Date.parse(session.lastActiveAt)).toBeGreaterThanOrEqual(
        Date.parse(session.createdAt),
      );
    }
  });

  it('moves "last active" on with a refresh', async () => {
    const { laptop, phone } = await personWithTwoDevices();
    const before = (await sessionsOf(laptop)).find(
      (s) => !s.current && s.device === 'Safari on iOS',
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    await refresh(phone).expect(200);
    const after = (await sessionsOf(laptop)).find((s) => s.id === before?.id);
    expect(Date.parse(after!.lastActiveAt)).toBeGreaterThan(Date.parse(before!.lastActiveAt));
  });

  it('signs out the phone from the laptop: its tokens stop, its socket is told why within a second', async () => {
    const { laptop, phone } = await personWithTwoDevices();
    const phoneSocket = await connectClient(t, phone);
    const ended = nextEvent(phoneSocket, 'session:ended', () => true, 1500);
    const phoneId = (await sessionsOf(laptop)).find((s) => s.device === 'Safari on iOS')!.id;
    const started = Date.now();
    await t.http().delete(`/api/v1/auth/sessions/${phoneId}`).set(bearer(laptop)).expect(204);
    expect(await ended).toEqual({ reason: 'signed_out_elsewhere' });
    expect(Date.now() - started).toBeLessThan(1000);
    await refresh(phone).expect(401);
    expect((await sessionsOf(laptop)).map((s) => s.id)).not.toContain(phoneId);
    // Listing drops the ended session from the person's index too: it does not grow forever.
    const index = await t.app
      .get(DurableKeyValueStore)
      .setMembers(`session:of-user:${laptop.user.id}`);
    expect(index).not.toContain(phoneId);
    expect(index).toHaveLength(2);
    await t.http().get('/api/v1/users/me').set(bearer(laptop)).expect(200);
  });

  it('signs out every other session, and keeps this one', async () => {
    const { laptop, phone } = await personWithTwoDevices();
    const res = await t.http().delete('/api/v1/auth/sessions').set(bearer(laptop)).expect(200);
    expect(res.body).toEqual({ ended: 2 });
    await refresh(phone).expect(401);
    expect((await sessionsOf(laptop)).map((s) => s.current)).toEqual([true]);
    await refresh(laptop).expect(200);
  });

  it("cannot see or end someone else's session (404), and needs a session id (400)", async () => {
    const ada = await personWithTwoDevices();
    const bob = await personWithTwoDevices();
    const adaPhone = (await sessionsOf(ada.laptop)).find((s) => s.device === 'Safari on iOS')!.id;
    const res = await t.http().delete(`/api/v1/auth/sessions/${adaPhone}`).set(bearer(bob.laptop));
    expect(res.status).toBe(404);
    await refresh(ada.phone).expect(200);
    expect((await sessionsOf(bob.laptop)).map((s) => s.id)).not.toContain(adaPhone);
    await t.http().delete('/api/v1/auth/sessions/not-a-uuid').set(bearer(bob.laptop)).expect(400);
    await t.http().get('/api/v1/auth/sessions').expect(401);
  });

  describe('a sign-in on a new device', () => {
    const newSignInMails = (email: string) =>
      outboxMessages(t.outboxDir, email).filter((m) => /^Subject: New sign-in on /m.test(m));
    const waitForMails = async (email: string, count: number) => {
      const deadline = Date.now() + 5000;
      while (newSignInMails(email).length < count && Date.now() < deadline) await sleep(50);
      return newSignInMails(email);
    };

    it('e-mails the person, naming the device, but not for the first device or a known one', async () => {
      const { laptop, registered } = await personWithTwoDevices();
      const email = registered.user.email;
      // Registered with no browser named, then Firefox (new), then Safari (new).
      const mails = await waitForMails(email, 2);
      // Delivered in the background: in either order.
      expect(mails.map((m) => /^Subject: (.*)$/m.exec(m)?.[1]).sort()).toEqual([
        'New sign-in on Firefox on Linux',
        'New sign-in on Safari on iOS',
      ]);
      await t
        .http()
        .post('/api/v1/auth/login')
        .set('User-Agent', FIREFOX_LINUX)
        .send({ email, password: registered.password })
        .expect(200);
      await sleep(300);
      expect(newSignInMails(email)).toHaveLength(2);
      await t.http().get('/api/v1/users/me').set(bearer(laptop)).expect(200);
    });

    it("signs out every session from the e-mail's link, once; opening the link alone changes nothing", async () => {
      const { laptop, phone, registered } = await personWithTwoDevices();
      const [mail] = await waitForMails(registered.user.email, 1);
      // Quoted-printable: soft line breaks and `=3D` for `=`.
      const text = mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const link = /(http:\/\/\S+sign-out-everywhere\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
      const path = new URL(String(link)).pathname + new URL(String(link)).search;
      const page = await t.http().get(path).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('<form method="post"');
      await refresh(phone).expect(200);

      const done = await t.http().post(path).expect(200);
      expect(done.text).toContain('Signed out everywhere');
      await refresh(laptop).expect(401);
      const again = await t.http().post(path).expect(200);
      expect(again.text).toContain('This link does not work any more');
      const forged = await t.http().post('/api/v1/auth/sign-out-everywhere?token=nonsense');
      expect(forged.text).toContain('This link does not work any more');
    });
  });
});
