import type { AuthSession, ChatView } from '@app/contracts';
import { bearer, createUsers, openDirectChat, sleep, type TestApp } from '@app/testing';
import { startTestApp } from './test-app';

/** Muting a chat for oneself: shown in the chat view, reversible, and ending by itself. */
describe('Muting a chat', () => {
  let t: TestApp;
  let ada: AuthSession;
  let bob: AuthSession;
  let cy: AuthSession;
  let chat: ChatView;

  beforeAll(async () => {
    t = await startTestApp();
    [ada, bob, cy] = await createUsers(t, 3);
    chat = await openDirectChat(t, ada, bob);
  });

  afterAll(async () => {
    await t.close();
  });

  const mute = (session: AuthSession, body: unknown) =>
    t
      .http()
      .put(`/api/v1/chats/${chat.id}/mute`)
      .set(bearer(session))
      .send(body as object);
  const unmute = (session: AuthSession) =>
    t.http().delete(`/api/v1/chats/${chat.id}/mute`).set(bearer(session));
  const view = async (session: AuthSession) =>
    (await t.http().get(`/api/v1/chats/${chat.id}`).set(bearer(session)).expect(200))
      .body as ChatView;

  it('mutes until unmuted, for the caller only, and unmutes', async () => {
    const muted = (await mute(ada, { until: null }).expect(200)).body as ChatView;
    expect(muted).toMatchObject({ id: chat.id, muted: true, mutedUntil: null });
    expect(await view(ada)).toMatchObject({ muted: true, mutedUntil: null });
    expect(await view(bob)).toMatchObject({ muted: false, mutedUntil: null });
    const list = (await t.http().get('/api/v1/chats').set(bearer(ada)).expect(200)).body as {
      items: ChatView[];
    };
    expect(list.items.find((c) => c.id === chat.id)).toMatchObject({ muted: true });
    expect((await unmute(ada).expect(200)).body).toMatchObject({ muted: false, mutedUntil: null });
  });

  it('mutes until a time, and the mute ends by itself when it passes', async () => {
    const until = new Date(Date.now() + 1500).toISOString();
    expect((await mute(bob, { until }).expect(200)).body).toMatchObject({
      muted: true,
      mutedUntil: until,
    });
    await sleep(1600);
    expect(await view(bob)).toMatchObject({ muted: false, mutedUntil: null });
  });

  it('refuses a time in the past, far away or malformed, and a stranger', async () => {
    await mute(ada, { until: new Date(Date.now() - 1000).toISOString() }).expect(400);
    await mute(ada, { until: '2099-01-01T00:00:00Z' }).expect(400);
    await mute(ada, { until: 'tomorrow' }).expect(400);
    // ISO 8601, but not a date and time JavaScript reads.
    for (const until of ['2027-W01-1', '2026-123', '20260601']) {
      await mute(ada, { until }).expect(400);
    }
    await mute(ada, {}).expect(400);
    await mute(cy, { until: null }).expect(403);
    await unmute(cy).expect(403);
  });
});
