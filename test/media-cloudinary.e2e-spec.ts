import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { AuthSession, ChatMessage, MediaView } from '@app/contracts';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  bearer,
  binary,
  createUsers,
  openDirectChat,
  postFile,
  uploadFile,
  webmHeader,
  photoWithMetadata,
  postImage,
  startFakeCloudinary,
  uploadImage,
  type FakeCloudinary,
  type TestApp,
} from '@app/testing';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';

const CLOUD = 'demo-cloud';
const API_KEY = '123456789012345';
const API_SECRET = 'test-secret-abcdefghij';

/** Cloudinary's documented signature: sorted `key=value` pairs joined by `&`, then the secret, SHA-1. */
function expectedSignature(fields: Record<string, string>): string {
  const signed = Object.entries(fields)
    .filter(
      ([key]) => !['file', 'api_key', 'signature', 'cloud_name', 'resource_type'].includes(key),
    )
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  return createHash('sha1')
    .update(signed + API_SECRET)
    .digest('hex');
}

describe('Images on Cloudinary (against a local stand-in for its upload API)', () => {
  let cloudinary: FakeCloudinary;
  let t: TestApp;
  let ada: AuthSession;
  let bob: AuthSession;

  beforeAll(async () => {
    cloudinary = await startFakeCloudinary(CLOUD);
    t = await startTestApp({
      CLOUDINARY_URL: `cloudinary://${API_KEY}:${API_SECRET}@${CLOUD}?upload_prefix=${cloudinary.origin}`,
    });
    [ada, bob] = await createUsers(t, 2);
  });

  beforeEach(() => {
    cloudinary.calls.length = 0;
  });

  afterAll(async () => {
    await t.close();
    await cloudinary.close();
  });

  it('uploads the metadata-free image in a signed request with a random public id', async () => {
    const photo = await photoWithMetadata(80, 60);
    const before = Math.floor(Date.now() / 1000);
    const media = await uploadImage(t, ada, photo, 'image/jpeg');

    expect(cloudinary.calls).toHaveLength(1);
    const [call] = cloudinary.calls;
    expect(call.method).toBe('POST');
    expect(call.path).toBe(`/v1_1/${CLOUD}/image/upload`);
    expect(call.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(Object.keys(call.fields).sort()).toEqual(
      ['api_key', 'overwrite', 'public_id', 'signature', 'timestamp'].sort(),
    );
    expect(call.fields.api_key).toBe(API_KEY);
    expect(call.fields.overwrite).toBe('false');
    expect(Number(call.fields.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(call.fields.timestamp)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(call.fields.public_id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(call.fields.signature).toBe(expectedSignature(call.fields));

    expect(call.file?.type).toBe('image/jpeg');
    expect(call.file?.name).not.toContain('photo');
    const sent = await sharp(call.file!.bytes).metadata();
    expect(sent.exif).toBeUndefined();
    expect([sent.width, sent.height]).toEqual([60, 80]);

    const publicId = call.fields.public_id;
    expect(media).toEqual({
      id: expect.any(String) as string,
      url: `https://res.cloudinary.com/${CLOUD}/image/upload/v1732170000/${publicId}.png`,
      thumbnailUrl: `https://res.cloudinary.com/${CLOUD}/image/upload/c_limit,h_320,w_320/v1732170000/${publicId}.webp`,
      mimeType: 'image/jpeg',
      size: call.file!.bytes.length,
      width: 60,
      height: 80,
    } satisfies MediaView);
  });

  it('gives every upload its own public id', async () => {
    await uploadImage(t, ada);
    await uploadImage(t, ada);
    const [first, second] = cloudinary.calls.map((call) => call.fields.public_id);
    expect(first).not.toBe(second);
  });

  it('redirects those allowed to the Cloudinary URL, and answers 404 to others', async () => {
    const media = await uploadImage(t, ada);
    const res = await t.http().get(`/api/v1/media/${media.id}`).set(bearer(ada)).expect(302);
    expect(res.headers.location).toBe(media.url);
    const thumb = await t
      .http()
      .get(`/api/v1/media/${media.id}/thumbnail`)
      .set(bearer(ada))
      .expect(302);
    expect(thumb.headers.location).toBe(media.thumbnailUrl);
    await t.http().get(`/api/v1/media/${media.id}`).set(bearer(bob)).expect(404);
  });

  it('destroys the stored image, by its public id in a signed request, when the upload is deleted', async () => {
    const media = await uploadImage(t, ada);
    const publicId = cloudinary.calls[0].fields.public_id;
    await t.http().delete(`/api/v1/media/${media.id}`).set(bearer(ada)).expect(204);
    const destroy = cloudinary.calls[1];
    expect(destroy.path).toBe(`/v1_1/${CLOUD}/image/destroy`);
    expect(destroy.fields).toMatchObject({
      public_id: publicId,
      api_key: API_KEY,
      invalidate: 'true',
    });
    expect(destroy.fields.signature).toBe(expectedSignature(destroy.fields));
  });

  it('answers 503 when Cloudinary refuses, and keeps no record of the upload', async () => {
    cloudinary.failNext(500, 'General Error');
    const res = await postImage(
      t,
      ada,
      await sharp({
        create: { width: 8, height: 8, channels: 3, background: '#123456' },
      })
        .png()
        .toBuffer(),
    ).expect(503);
    expect(res.body.message).toBe('Image storage is unavailable; try again shortly');
    expect(cloudinary.calls).toHaveLength(1);
  });

  it("lets the web client show Cloudinary's images: its delivery host is in img-src", async () => {
    const page = await t.http().get('/').expect(200);
    expect(page.headers['content-security-policy']).toContain(
      "img-src 'self' data: blob: https://res.cloudinary.com",
    );
  });

  describe('files', () => {
    const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x41)]);

    it('uploads a document as raw and a voice message as video, streamed from disk, signed', async () => {
      const file = await uploadFile(t, ada, PDF, { fileName: 'plan.pdf' });
      const voice = await uploadFile(t, ada, webmHeader(), { durationMs: 3000 });
      expect(cloudinary.calls.map((call) => call.path)).toEqual([
        `/v1_1/${CLOUD}/raw/upload`,
        `/v1_1/${CLOUD}/video/upload`,
      ]);
      const [raw] = cloudinary.calls;
      expect(raw.file?.bytes).toEqual(PDF);
      expect(raw.fields.signature).toBe(expectedSignature(raw.fields));
      // Served from our route, not Cloudinary's URL: members only, as a download.
      expect(file.url).toBe(`/api/v1/media/${file.id}`);
      expect(voice.url).toBe(`/api/v1/media/${voice.id}`);
      expect(readdirSync(join(t.dataDir, 'incoming'))).toEqual([]);
    });

    it('answers 503 when Cloudinary refuses a file, and keeps neither a record nor the incoming copy', async () => {
      cloudinary.failNext(500, 'General Error');
      const res = await postFile(t, ada, PDF, { fileName: 'plan.pdf' }).expect(503);
      expect(res.body.message).toBe('File storage is unavailable; try again shortly');
      expect(readdirSync(join(t.dataDir, 'incoming'))).toEqual([]);
      const later = await uploadFile(t, ada, PDF);
      expect(later.size).toBe(PDF.length);
    });

    it('answers 503 for a file when Cloudinary cannot deliver it, and serves it once it can', async () => {
      const chat = await openDirectChat(t, ada, bob);
      const file = await uploadFile(t, ada, PDF, { fileName: 'plan.pdf' });
      await messageCalls(t, ada).send(chat.id, { mediaId: file.id }).expect(201);
      const [path, bytes] = [...cloudinary.delivered.entries()].at(-1)!;
      cloudinary.delivered.delete(path);
      const down = await t.http().get(file.url).set(bearer(bob)).expect(503);
      expect(down.body.message).toBe('File storage is unavailable; try again shortly');
      cloudinary.delivered.set(path, bytes);
      await t.http().get(file.url).set(bearer(bob)).expect(200);
    });

    it('serves a file through our route, with its name and byte ranges, to members only', async () => {
      const chat = await openDirectChat(t, ada, bob);
      const file = await uploadFile(t, ada, PDF, { fileName: 'plan.pdf' });
      await messageCalls(t, ada).send(chat.id, { mediaId: file.id }).expect(201);
      const whole = await t
        .http()
        .get(file.url)
        .set(bearer(bob))
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(whole.body).toEqual(PDF);
      expect(whole.headers['content-disposition']).toMatch(/^attachment; filename="plan.pdf"/);
      const part = await t
        .http()
        .get(file.url)
        .set(bearer(bob))
        .set('Range', 'bytes=0-4')
        .buffer(true)
        .parse(binary)
        .expect(206);
      expect((part.body as Buffer).toString()).toBe('%PDF-');
      const [cy] = await createUsers(t, 1);
      await t.http().get(file.url).set(bearer(cy)).expect(404);
    });

    it('destroys the stored file by its resource type when the message is deleted for everyone', async () => {
      const chat = await openDirectChat(t, ada, bob);
      const voice = await uploadFile(t, ada, webmHeader(), { durationMs: 3000 });
      const sent = await messageCalls(t, ada).send(chat.id, { mediaId: voice.id }).expect(201);
      cloudinary.calls.length = 0;
      const storedBefore = cloudinary.delivered.size;
      await messageCalls(t, ada)
        .remove(chat.id, (sent.body as ChatMessage).seq)
        .expect(200);
      expect(cloudinary.calls.map((call) => call.path)).toEqual([`/v1_1/${CLOUD}/video/destroy`]);
      expect(cloudinary.delivered.size).toBe(storedBefore - 1);
    });
  });
});
