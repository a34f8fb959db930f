import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { newId } from '@app/database';
import sharp from 'sharp';
import { startMediaServices, type MediaServices } from '../../test/fixtures/media-services.fixture';

// The media module over real SQL repositories (PGlite), sharp and the local disk, with chat's
// answer to "posted in a chat of theirs?" set by each test: uploads, their one use, access.
describe('MediaService: uploads, their one use, and who may download them', () => {
  let s: MediaServices;
  let png: Buffer;

  beforeAll(async () => {
    s = await startMediaServices();
    png = await sharp({
      create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 30, b: 30 } },
    })
      .png()
      .toBuffer();
  });

  afterAll(async () => {
    await s?.close();
  });

  /** Where the uploader's download of `mediaId` reads from: a file under DATA_DIR/media. */
  async function fileOf(ownerId: string, mediaId: string): Promise<string> {
    const download = await s.media.download(ownerId, mediaId, 'original');
    if (download.kind !== 'image' || download.location.kind !== 'file') {
      throw new Error('Expected an image on the local disk');
    }
    return download.location.path;
  }

  it('stores an image with its size and dimensions, and refuses bytes that are no image', async () => {
    const owner = newId();
    const view = await s.media.upload(owner, png);
    expect(view).toMatchObject({ mimeType: 'image/png', width: 40, height: 30 });
    await expect(s.media.upload(owner, Buffer.from('%PDF-1.7 not an image'))).rejects.toThrow(
      'The file is not a JPEG, PNG, GIF or WebP image',
    );
    await expect(s.media.upload(owner, Buffer.alloc(0))).rejects.toBeInstanceOf(
      BadRequestException,
    );
  });

  it('lets an upload be used once, by its uploader only', async () => {
    const owner = newId();
    const { id } = await s.media.upload(owner, png);
    expect(await s.media.attach(id, newId(), 'message')).toEqual({
      ok: false,
      reason: 'not_yours',
    });
    expect(await s.media.attach(id, owner, 'message')).toMatchObject({ ok: true, media: { id } });
    expect(await s.media.attach(id, owner, 'avatar')).toEqual({
      ok: false,
      reason: 'already_used',
    });
  });

  it('shows an image to its uploader and to people of a chat it was posted in, to nobody else', async () => {
    const owner = newId();
    const reader = newId();
    const { id } = await s.media.upload(owner, png);
    await expect(s.media.download(owner, id, 'original')).resolves.toMatchObject({
      mimeType: 'image/png',
    });
    await expect(s.media.download(reader, id, 'original')).rejects.toBeInstanceOf(
      NotFoundException,
    );
    await s.media.attach(id, owner, 'message');
    s.access.postIn(reader, id);
    await expect(s.media.download(reader, id, 'thumbnail')).resolves.toMatchObject({
      mimeType: 'image/webp',
    });
  });

  it('deletes an unused upload for its uploader, and refuses to delete one in use', async () => {
    const owner = newId();
    const unused = await s.media.upload(owner, png);
    const file = await fileOf(owner, unused.id);
    expect(file.startsWith(join(s.dataDir, 'media'))).toBe(true);
    expect(existsSync(file)).toBe(true);
    await expect(s.media.remove(newId(), unused.id)).rejects.toBeInstanceOf(NotFoundException);
    await s.media.remove(owner, unused.id);
    await expect(s.media.download(owner, unused.id, 'original')).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(existsSync(file)).toBe(false);
    const used = await s.media.upload(owner, png);
    await s.media.attach(used.id, owner, 'avatar');
    await expect(s.media.remove(owner, used.id)).rejects.toBeInstanceOf(ConflictException);
  });
});
