import {
  DuplicateEmailError,
  DuplicateHandleError,
  type NewUser,
  type UsersRepository,
} from '@src/users/persistence/users.repository';

export interface RepositoryUnderTest {
  users: UsersRepository;
  close(): Promise<void>;
}

/** The behaviour every `UsersRepository` adapter must have; run once per reachable database. */
export function describeUsersRepositoryContract(
  adapter: string,
  open: () => Promise<RepositoryUnderTest>,
): void {
  describe(`UsersRepository contract: ${adapter}`, () => {
    let subject: RepositoryUnderTest;
    let users: UsersRepository;

    beforeAll(async () => {
      subject = await open();
      users = subject.users;
    });

    afterAll(async () => {
      await subject?.close();
    });

    /** A new account; its handle, unless given, is made from the address and is unique. */
    let handles = 0;
    const create = (user: Omit<NewUser, 'handle'> & { handle?: string }) => {
      handles += 1;
      const made = `${user.email.split('@')[0].replace(/[^a-z0-9_]/g, '')}_${handles}`;
      return users.create({ handle: made.slice(-20), ...user });
    };

    it('creates a user with a generated UUID and finds it by id and by e-mail', async () => {
      const created = await create({
        email: 'ada@example.com',
        name: 'Ada',
        passwordHash: 'hash',
      });
      expect(created).toMatchObject({
        email: 'ada@example.com',
        name: 'Ada',
        passwordHash: 'hash',
        avatarMediaId: null,
        avatarUrl: null,
        avatarThumbnailUrl: null,
        emailProvenAt: null,
        lastSeenAt: null,
      });
      expect(created.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(created.createdAt).toBeInstanceOf(Date);
      expect(await users.findById(created.id)).toEqual(created);
      expect(await users.findByEmail('ada@example.com')).toEqual(created);
    });

    it('refuses a handle someone has, on creation and on change, also when created at once', async () => {
      const hedy = await create({ email: 'hedy@example.com', name: 'Hedy', handle: 'hedy' });
      expect(hedy.handle).toBe('hedy');
      await expect(
        create({ email: 'hedy2@example.com', name: 'Hedy', handle: 'hedy' }),
      ).rejects.toBeInstanceOf(DuplicateHandleError);
      const other = await create({ email: 'hedy3@example.com', name: 'Hedy' });
      await expect(users.update(other.id, { handle: 'hedy' })).rejects.toBeInstanceOf(
        DuplicateHandleError,
      );
      expect(await users.update(other.id, { handle: 'hedy_two' })).toMatchObject({
        handle: 'hedy_two',
      });
      const racing = await Promise.allSettled(
        ['a', 'b', 'c'].map((n) =>
          create({ email: `racer-${n}@example.com`, name: 'Racer', handle: 'racer' }),
        ),
      );
      expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('finds people by the start of their handle as well as by their name', async () => {
      const byHandle = await create({
        email: 'zq1@example.com',
        name: 'Nobody Alike',
        handle: 'zqxw_1',
      });
      const byName = await create({
        email: 'zq2@example.com',
        name: 'Zqxw Person',
        handle: 'other_zq',
      });
      const found = await users.page({ nameContains: 'zqxw', limit: 10 });
      expect(found.map((u) => u.id).sort()).toEqual([byHandle.id, byName.id].sort());
      expect(await users.page({ nameContains: 'qxw_', limit: 10 })).toEqual([]);
    });

    it('answers null for unknown ids and addresses', async () => {
      expect(await users.findById('01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f')).toBeNull();
      expect(await users.findByEmail('nobody@example.com')).toBeNull();
    });

    it('refuses a second account for the same e-mail, also when both are created at once', async () => {
      await create({ email: 'grace@example.com', name: 'Grace' });
      await expect(create({ email: 'grace@example.com', name: 'Other' })).rejects.toBeInstanceOf(
        DuplicateEmailError,
      );
      const racing = await Promise.allSettled(
        Array.from({ length: 5 }, () => create({ email: 'race@example.com', name: 'Racer' })),
      );
      expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of racing.filter((r) => r.status === 'rejected')) {
        expect(r.reason).toBeInstanceOf(DuplicateEmailError);
      }
    });

    it('finds many by ids in one call, ignoring unknown and repeated ids', async () => {
      const a = await create({ email: 'many-a@example.com', name: 'Many A' });
      const b = await create({ email: 'many-b@example.com', name: 'Many B' });
      const found = await users.findManyByIds([
        a.id,
        b.id,
        a.id,
        '01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f',
      ]);
      expect(found.map((u) => u.id).sort()).toEqual([a.id, b.id].sort());
      expect(await users.findManyByIds([])).toEqual([]);
    });

    it('updates the name and password hash, bumping updatedAt', async () => {
      const user = await create({ email: 'update@example.com', name: 'Before' });
      const updated = await users.update(user.id, { name: 'After', passwordHash: 'new-hash' });
      expect(updated).toMatchObject({
        id: user.id,
        name: 'After',
        passwordHash: 'new-hash',
        email: 'update@example.com',
      });
      expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(user.updatedAt.getTime());
      expect(
        await users.update('01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f', { name: 'Ghost' }),
      ).toBeNull();
    });

    it('sets and removes an avatar, leaving the other fields alone', async () => {
      const user = await create({ email: 'avatar@example.com', name: 'Pic' });
      const avatar = {
        mediaId: '01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d70',
        url: '/api/v1/media/01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d70',
        thumbnailUrl: '/api/v1/media/01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d70/thumbnail',
      };
      expect(await users.update(user.id, { avatar })).toMatchObject({
        name: 'Pic',
        avatarMediaId: avatar.mediaId,
        avatarUrl: avatar.url,
        avatarThumbnailUrl: avatar.thumbnailUrl,
      });
      expect(await users.update(user.id, { name: 'Renamed' })).toMatchObject({
        avatarMediaId: avatar.mediaId,
      });
      expect(await users.update(user.id, { avatar: null })).toMatchObject({
        name: 'Renamed',
        avatarMediaId: null,
        avatarUrl: null,
        avatarThumbnailUrl: null,
      });
    });

    it('proves an address once, removing the password set without that proof', async () => {
      const registered = await create({
        email: 'unproven@example.com',
        name: 'Unproven',
        passwordHash: 'set by whoever registered',
      });
      const proven = await users.proveEmail(registered.id);
      expect(proven).toMatchObject({ id: registered.id, passwordHash: null });
      expect(proven?.emailProvenAt).toBeInstanceOf(Date);
      expect(await users.findById(registered.id)).toEqual(proven);
      expect(await users.proveEmail(registered.id)).toBeNull();
      const byCode = await create({
        email: 'by-code@example.com',
        name: 'C',
        emailProven: true,
      });
      expect(byCode.emailProvenAt).toBeInstanceOf(Date);
      expect(await users.proveEmail(byCode.id)).toBeNull();
    });

    it('records when a user was last seen', async () => {
      const user = await create({ email: 'seen@example.com', name: 'Seen' });
      const at = new Date('2026-11-21T10:00:00.000Z');
      await users.touchLastSeen(user.id, at);
      expect((await users.findById(user.id))!.lastSeenAt).toEqual(at);
    });

    describe('pages of people', () => {
      beforeAll(async () => {
        for (const name of [
          'pg-zoe',
          'pg-Yannick',
          'pg-xavier',
          'pg-Wanda',
          'pg-victor',
          'pg-100%_real',
        ]) {
          await create({ email: `${name.replace(/\W/g, '')}@page.example`, name });
        }
      });

      it('orders by name regardless of case, then id, and continues after a position', async () => {
        const first = await users.page({ nameContains: 'pg-', limit: 3 });
        expect(first.map((u) => u.name)).toEqual(['pg-100%_real', 'pg-victor', 'pg-Wanda']);
        const last = first.at(-1)!;
        const next = await users.page({
          nameContains: 'pg-',
          limit: 3,
          after: { name: last.name, id: last.id },
        });
        expect(next.map((u) => u.name)).toEqual(['pg-xavier', 'pg-Yannick', 'pg-zoe']);
      });

      it('matches part of a name case-insensitively, with % and _ taken literally', async () => {
        expect((await users.page({ nameContains: 'ANd', limit: 10 })).map((u) => u.name)).toEqual([
          'pg-Wanda',
        ]);
        expect((await users.page({ nameContains: '%_', limit: 10 })).map((u) => u.name)).toEqual([
          'pg-100%_real',
        ]);
        expect(await users.page({ nameContains: '_x', limit: 10 })).toEqual([]);
      });

      it('matches one exact e-mail address', async () => {
        const found = await users.page({ email: 'pgzoe@page.example', limit: 10 });
        expect(found.map((u) => u.name)).toEqual(['pg-zoe']);
        expect(await users.page({ email: 'pgzo@page.example', limit: 10 })).toEqual([]);
      });
    });
  });
}
