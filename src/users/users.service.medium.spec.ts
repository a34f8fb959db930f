import { BadRequestException, ConflictException, UnauthorizedException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { startUsersServices, type UsersServices } from '../../test/fixtures/users-services.fixture';

// The users module over real SQL repositories (PGlite) and the memory key-value store, with the
// codes people would receive recorded: signing in, profiles and the directory.
describe('UsersService and OtpService: signing in, profiles, the directory', () => {
  let s: UsersServices;

  beforeAll(async () => {
    s = await startUsersServices();
  });

  afterAll(async () => {
    await s?.close();
  });

  const newAddress = () => `${randomUUID()}@example.test`;

  /** Signs in with the code sent to a new address: the account is made on the way. */
  async function signedIn(email = newAddress()) {
    await s.otp.request(email);
    const session = await s.otp.verify(email, s.mail.codeFor(email));
    return { email, userId: session.user.id };
  }

  it('makes one account on the first sign-in with a code, and finds it again the next time', async () => {
    const email = newAddress();
    const first = await signedIn(email);
    const again = await s.users.signInWithProvenAddress(email);
    expect(again).toMatchObject({ user: { id: first.userId, email }, tookBack: false });
  });

  it('makes one account when first sign-ins to one address race', async () => {
    const email = newAddress();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => s.users.signInWithProvenAddress(email)),
    );
    expect(new Set(results.map((r) => r.user.id)).size).toBe(1);
  });

  it('refuses a wrong code and counts down the attempts left', async () => {
    const email = newAddress();
    await s.otp.request(email);
    const wrong = s.mail.codeFor(email) === '000000' ? '111111' : '000000';
    await expect(s.otp.verify(email, wrong)).rejects.toThrow(UnauthorizedException);
    await expect(s.otp.verify(email, wrong)).rejects.toThrow(/attempt\(s\) left/);
  });

  it('makes an upload of one’s own the avatar; someone else’s, or one already used, is refused', async () => {
    const ada = await signedIn();
    const bob = await signedIn();
    const upload = s.media.upload(ada.userId);
    await expect(
      s.users.updateProfile(bob.userId, { avatarMediaId: upload }),
    ).rejects.toBeInstanceOf(BadRequestException);
    const profile = await s.users.updateProfile(ada.userId, { avatarMediaId: upload });
    expect(profile.avatarUrl).toBe(`/api/v1/media/${upload}`);
    // Naming the current avatar again changes nothing and claims nothing.
    await expect(s.users.updateProfile(ada.userId, { avatarMediaId: upload })).resolves.toEqual(
      profile,
    );
    await s.users.updateProfile(ada.userId, { avatarMediaId: s.media.upload(ada.userId) });
    await expect(
      s.users.updateProfile(ada.userId, { avatarMediaId: upload }),
    ).rejects.toBeInstanceOf(ConflictException);
  });

  it('gives every new account a handle from its address, unique even when two addresses spell the same', async () => {
    const tag = randomUUID().slice(0, 6).replace(/-/g, '');
    const first = await signedIn(`Ada.${tag}@example.test`);
    const second = await signedIn(`ada${tag}@other.test`);
    const [a, b] = await Promise.all([first, second].map((p) => s.users.getOwnProfile(p.userId)));
    expect(a.handle).toBe(`ada${tag}`);
    expect(b.handle).toMatch(new RegExp(`^ada${tag}_\\d{4}$`));
  });

  it('lets people pick a free handle, refuses a taken one, and finds them by its start', async () => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 8);
    const ada = await signedIn();
    const bob = await signedIn();
    await expect(
      s.users.updateProfile(ada.userId, { handle: `ada_${tag}` }),
    ).resolves.toMatchObject({ handle: `ada_${tag}` });
    await expect(
      s.users.updateProfile(bob.userId, { handle: `ada_${tag}` }),
    ).rejects.toBeInstanceOf(ConflictException);
    for (const typed of [`ada_${tag.slice(0, 4)}`, `@ada_${tag.slice(0, 4)}`]) {
      expect((await s.users.search(typed, undefined, 10)).items).toEqual([
        expect.objectContaining({ id: ada.userId, handle: `ada_${tag}` }),
      ]);
    }
  });

  it('finds people by exact address or by part of the name, a page at a time', async () => {
    const tag = randomUUID().slice(0, 8);
    const people = await Promise.all([1, 2, 3].map(() => signedIn()));
    for (const [index, person] of people.entries()) {
      await s.users.updateProfile(person.userId, { name: `Searcher ${tag} ${index}` });
    }
    expect((await s.users.search(people[1].email.toUpperCase(), undefined, 10)).items).toEqual([
      expect.objectContaining({ id: people[1].userId }),
    ]);
    const first = await s.users.search(tag, undefined, 2);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const rest = await s.users.search(tag, first.nextCursor ?? undefined, 2);
    expect(rest).toMatchObject({ nextCursor: null });
    const found = [...first.items, ...rest.items].map((p) => p.id).sort();
    expect(found).toEqual(people.map((p) => p.userId).sort());
  });
});
