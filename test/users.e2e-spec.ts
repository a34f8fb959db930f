import type { AuthSession } from '@app/contracts';
import { bearer, registerUser, type TestApp } from '@app/testing';
import { startTestApp } from './test-app';

describe('Profiles and finding people', () => {
  let t: TestApp;
  let me: AuthSession;
  let other: AuthSession;

  beforeAll(async () => {
    t = await startTestApp();
    me = await registerUser(t, { email: 'me@example.com', name: 'Me Myself' });
    other = await registerUser(t, { email: 'other@example.com', name: 'Olga Other' });
    for (const name of ['Sam One', 'Sam Two', 'Sam Three', 'sam four', 'Samantha'])
      await registerUser(t, { name });
  });

  afterAll(async () => {
    await t.close();
  });

  const get = (path: string, session: AuthSession = me) =>
    t.http().get(`/api/v1${path}`).set(bearer(session));

  it('shows you your own account, e-mail included', async () => {
    const res = await get('/users/me').expect(200);
    expect(res.body).toEqual({
      id: me.user.id,
      email: 'me@example.com',
      name: 'Me Myself',
      handle: 'meuser',
      avatarUrl: null,
      avatarThumbnailUrl: null,
      hasPassword: true,
      createdAt: expect.any(String),
    });
  });

  it('changes your name, trimmed', async () => {
    const res = await t
      .http()
      .patch('/api/v1/users/me')
      .set(bearer(me))
      .send({ name: '  New Name ' })
      .expect(200);
    expect(res.body.name).toBe('New Name');
    expect((await get('/users/me').expect(200)).body.name).toBe('New Name');
    await t
      .http()
      .patch('/api/v1/users/me')
      .set(bearer(me))
      .send({ name: 'Me Myself' })
      .expect(200);
  });

  it("shows someone else's public profile, never their e-mail nor their presence", async () => {
    const res = await get(`/users/${other.user.id}`).expect(200);
    expect(res.body).toEqual({
      id: other.user.id,
      name: 'Olga Other',
      handle: 'other',
      avatarUrl: null,
      avatarThumbnailUrl: null,
    });
  });

  it('answers 404 for an unknown user and 400 for an id that is not a UUID', async () => {
    await get('/users/01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f').expect(404);
    const res = await get('/users/42').expect(400);
    expect(res.body.details).toEqual([{ field: 'id', messages: ['id must be a UUID'] }]);
  });

  it('finds people by part of their name, in pages, with public profiles only', async () => {
    const first = await get('/users?search=sam&limit=3').expect(200);
    expect(first.body.items.map((u: { name: string }) => u.name)).toEqual([
      'sam four',
      'Sam One',
      'Sam Three',
    ]);
    expect(Object.keys(first.body.items[0]).sort()).toEqual([
      'avatarThumbnailUrl',
      'avatarUrl',
      'handle',
      'id',
      'name',
    ]);
    const second = await get(`/users?search=sam&limit=3&cursor=${first.body.nextCursor}`).expect(
      200,
    );
    expect(second.body.items.map((u: { name: string }) => u.name)).toEqual(['Sam Two', 'Samantha']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('finds one person by their exact e-mail address, not by part of it', async () => {
    const exact = await get('/users?search=Other@Example.com').expect(200);
    expect(exact.body.items.map((u: { id: string }) => u.id)).toEqual([other.user.id]);
    const partial = await get('/users?search=other@example').expect(200);
    expect(partial.body.items).toEqual([]);
  });

  it('caps the page size at 50 and rejects a forged cursor', async () => {
    const tooMany = await get('/users?limit=51').expect(400);
    expect(tooMany.body.details[0].field).toBe('limit');
    const forged = await get('/users?cursor=not-ours').expect(400);
    expect(forged.body.details[0].field).toBe('cursor');
  });

  it('lets you pick a handle: lower-cased, 409 when someone has it, 400 when it cannot be one', async () => {
    const patch = (session: AuthSession, body: object) =>
      t.http().patch('/api/v1/users/me').set(bearer(session)).send(body);
    const picked = `Me_${Date.now().toString(36)}`;
    await patch(me, { handle: picked })
      .expect(200)
      .expect((res) => expect(res.body.handle).toBe(picked.toLowerCase()));
    await patch(other, { handle: picked.toLowerCase() })
      .expect(409)
      .expect((res) => expect(res.body.code).toBe('conflict'));
    for (const bad of ['ab', 'with space', 'a'.repeat(21), 'ümlaut']) {
      await patch(other, { handle: bad }).expect(400);
    }
    const found = await get(`/users?search=${encodeURIComponent(`@${picked.slice(0, 5)}`)}`).expect(
      200,
    );
    expect(found.body.items.map((p: { id: string }) => p.id)).toContain(me.user.id);
  });

  it('is only for signed-in callers', async () => {
    await t.http().get('/api/v1/users').expect(401);
    await t.http().get(`/api/v1/users/${other.user.id}`).expect(401);
    await t.http().patch('/api/v1/users/me').send({ name: 'x' }).expect(401);
  });
});
