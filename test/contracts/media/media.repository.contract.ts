import { newId } from '@app/database';
import {
  NOT_A_FILE,
  type MediaRepository,
  type NewMedia,
} from '@src/media/persistence/media.repository';

export interface MediaRepositoryUnderTest {
  media: MediaRepository;
  close(): Promise<void>;
}

const ADA = '0193a1c2-0000-7000-8000-00000000ada0';
const BOB = '0193a1c2-0000-7000-8000-00000000b0b0';

const upload = (ownerId = ADA): NewMedia => {
  const id = newId();
  return {
    ...NOT_A_FILE,
    id,
    ownerId,
    mimeType: 'image/png',
    size: 1234,
    width: 64,
    height: 48,
    storageKey: `aa/${id}.png`,
    url: `/api/v1/media/${id}`,
    thumbnailUrl: `/api/v1/media/${id}/thumbnail`,
  };
};

/** The behaviour every `MediaRepository` adapter must have; run once per reachable database. */
export function describeMediaRepositoryContract(
  adapter: string,
  open: () => Promise<MediaRepositoryUnderTest>,
): void {
  describe(`MediaRepository contract: ${adapter}`, () => {
    let subject: MediaRepositoryUnderTest;
    let media: MediaRepository;

    beforeAll(async () => {
      subject = await open();
      media = subject.media;
    });

    afterAll(async () => {
      await subject?.close();
    });

    it('stores an upload as unused and finds it by id', async () => {
      const input = upload();
      const created = await media.create(input);
      expect(created).toEqual({
        ...input,
        usage: null,
        createdAt: expect.any(Date) as Date,
        attachedAt: null,
      });
      expect(await media.findById(input.id)).toEqual(created);
      expect(await media.findById(newId())).toBeNull();
    });

    it('attaches an upload once, for its owner only', async () => {
      const { id } = await media.create(upload());
      expect(await media.attach(id, BOB, 'message')).toBeNull();
      const attached = await media.attach(id, ADA, 'message');
      expect(attached).toMatchObject({
        id,
        usage: 'message',
        attachedAt: expect.any(Date) as Date,
      });
      expect(await media.attach(id, ADA, 'avatar')).toBeNull();
      expect((await media.findById(id))?.usage).toBe('message');
    });

    it('keeps a file with its name, hash and duration; an avatar takes images only', async () => {
      const id = newId();
      const file = await media.create({
        ...upload(),
        id,
        kind: 'file',
        mimeType: 'audio/webm',
        width: 0,
        height: 0,
        fileName: 'note.webm',
        sha256: 'ab'.repeat(32),
        durationMs: 4200,
      });
      expect(file).toMatchObject({ kind: 'file', fileName: 'note.webm', durationMs: 4200 });
      expect(await media.attach(id, ADA, 'avatar', 'image')).toBeNull();
      expect(await media.attach(id, ADA, 'message')).toMatchObject({ usage: 'message' });
    });

    it("adds up an owner's uploads for the quota, leaving link preview pictures out", async () => {
      const owner = newId();
      expect(await media.usedBytes(owner)).toBe(0);
      await media.create({ ...upload(owner), size: 1000 });
      const sent = await media.create({ ...upload(owner), size: 250 });
      await media.attach(sent.id, owner, 'message');
      const preview = await media.create({ ...upload(owner), size: 5000 });
      await media.attach(preview.id, owner, 'preview');
      await media.create({ ...upload(BOB), size: 777 });
      expect(await media.usedBytes(owner)).toBe(1250);
    });

    it('lets exactly one of two concurrent attaches win', async () => {
      const { id } = await media.create(upload());
      const results = await Promise.all([
        media.attach(id, ADA, 'message'),
        media.attach(id, ADA, 'avatar'),
      ]);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
    });

    it('deletes an unused upload for its owner, but not a used one or somebody else’s', async () => {
      const unused = await media.create(upload());
      const used = await media.create(upload());
      await media.attach(used.id, ADA, 'avatar');
      expect(await media.deleteUnused(unused.id, BOB)).toBeNull();
      expect(await media.deleteUnused(used.id, ADA)).toBeNull();
      expect((await media.deleteUnused(unused.id, ADA))?.storageKey).toBe(unused.storageKey);
      expect(await media.findById(unused.id)).toBeNull();
      expect(await media.findById(used.id)).not.toBeNull();
    });

    it('deletes an upload in a given use (a deleted message releases its image), and nothing else', async () => {
      const sent = await media.create(upload());
      const avatar = await media.create(upload());
      await media.attach(sent.id, ADA, 'message');
      await media.attach(avatar.id, ADA, 'avatar');
      expect(await media.deleteUsed(avatar.id, 'message')).toBeNull();
      expect((await media.deleteUsed(sent.id, 'message'))?.storageKey).toBe(sent.storageKey);
      expect(await media.findById(sent.id)).toBeNull();
      expect(await media.deleteUsed(sent.id, 'message')).toBeNull();
      expect(await media.findById(avatar.id)).not.toBeNull();
    });

    it('hands out abandoned uploads oldest first, each to one caller, and never used ones', async () => {
      await media.deleteAbandoned(new Date(Date.now() + 1000), 1000); // what earlier tests left
      const used = await media.create(upload(BOB));
      await media.attach(used.id, BOB, 'message');
      const abandoned = [];
      for (let i = 0; i < 5; i += 1) {
        abandoned.push(await media.create(upload(BOB)));
        // Distinct creation times: uploads of the same millisecond have no order between them.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      expect(await media.deleteAbandoned(new Date(Date.now() - 60_000), 10)).toEqual([]);

      const cutoff = new Date(Date.now() + 1000);
      const oldest = await media.deleteAbandoned(cutoff, 2);
      expect(oldest.map((m) => m.id)).toEqual([abandoned[0].id, abandoned[1].id]);
      const [first, second] = await Promise.all([
        media.deleteAbandoned(cutoff, 2),
        media.deleteAbandoned(cutoff, 2),
      ]);
      const rest = [...first, ...second].map((m) => m.id).sort();
      expect(rest).toEqual(
        abandoned
          .slice(2)
          .map((m) => m.id)
          .sort(),
      );
      expect(await media.findById(used.id)).not.toBeNull();
    });
  });
}
