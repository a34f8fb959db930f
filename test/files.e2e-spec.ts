import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthSession, ChatMessage, ChatView, FileView } from '@app/contracts';
import {
  bearer,
  binary,
  createGroup,
  createUsers,
  openDirectChat,
  postFile,
  uploadFile,
  uploadImage,
  webmHeader,
  type TestApp,
} from '@app/testing';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';
import { multipartLength, rawUpload } from './raw-upload';

/** The default: the memory test uploads a file of exactly this size. */
const FILE_MAX = 25 * 1024 * 1024;
const QUOTA = 30 * 1024 * 1024;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]);

describe('Files: any attachment, voice messages, downloads with ranges, quota', () => {
  let t: TestApp;
  let ada: AuthSession;
  let bob: AuthSession;
  let cy: AuthSession;
  let direct: ChatView;

  beforeAll(async () => {
    t = await startTestApp({
      FILE_MAX_SIZE: String(FILE_MAX),
      FILE_QUOTA: String(QUOTA),
      VOICE_MAX_DURATION: '2m',
      MEDIA_UPLOADS_PER_MINUTE: '1000',
    });
    [ada, bob, cy] = await createUsers(t, 3);
    direct = await openDirectChat(t, ada, bob);
  });

  afterAll(async () => {
    await t?.close();
  });

  const download = (
    session: AuthSession | null,
    url: string,
    headers: Record<string, string> = {},
  ) => {
    const req = t.http().get(url).set(headers).buffer(true).parse(binary);
    return session ? req.set(bearer(session)) : req;
  };
  const sendFile = async (session: AuthSession, file: FileView, text?: string) => {
    const res = await messageCalls(t, session).send(direct.id, { mediaId: file.id, text });
    expect(res.status).toBe(201);
    return res.body as ChatMessage;
  };
  const incomingFiles = () => {
    const dir = join(t.dataDir, 'incoming');
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  describe('uploading', () => {
    it('keeps the name (made safe), the size, the type judged by the bytes, and a SHA-256', async () => {
      const res = await postFile(t, ada, PDF, {
        fileName: '../../etc/Quarterly\u202Efdp.exe report.pdf',
        contentType: 'image/png',
      }).expect(201);
      const file = res.body as FileView;
      expect(file).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
        url: `/api/v1/media/${file.id}`,
        name: 'Quarterlyfdp.exe report.pdf',
        mimeType: 'application/pdf',
        size: PDF.length,
        sha256: createHash('sha256').update(PDF).digest('hex'),
        durationMs: null,
      });
      expect(incomingFiles()).toEqual([]);
    });

    it('calls an unknown binary application/octet-stream and plain UTF-8 text/plain', async () => {
      const binaryFile = await uploadFile(t, ada, Buffer.from([0, 1, 2, 3, 250, 251]), {
        fileName: 'data.bin',
      });
      expect(binaryFile.mimeType).toBe('application/octet-stream');
      const text = await uploadFile(t, ada, Buffer.from('Grüße, 👋\n'), { fileName: 'hi.png' });
      expect(text.mimeType).toBe('text/plain');
    });

    it('refuses an empty file and a request without one with 400', async () => {
      await postFile(t, ada, Buffer.alloc(0)).expect(400);
      await t.http().post('/api/v1/media/files').set(bearer(ada)).field('x', 'y').expect(400);
    });

    it('refuses a file over FILE_MAX_SIZE with 413 naming the limit, and keeps nothing', async () => {
      const res = await postFile(t, ada, Buffer.alloc(FILE_MAX + 1, 0x61)).expect(413);
      expect(res.body).toMatchObject({
        code: 'too_large',
        message: `The file is larger than the limit of 25 MB (${FILE_MAX} bytes)`,
      });
      expect(incomingFiles()).toEqual([]);
    });

    it('answers 400 to a body that ends inside the file, and keeps nothing', async () => {
      const res = await t
        .http()
        .post('/api/v1/media/files')
        .set(bearer(ada))
        .set('Content-Type', 'multipart/form-data; boundary=cut')
        .send(
          '--cut\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nhalf a file',
        );
      expect(res.status).toBe(400);
      expect(incomingFiles()).toEqual([]);
      await t.http().get('/health').expect(200);
    });

    it('needs a session', async () => {
      await t.http().post('/api/v1/media/files').attach('file', PDF, 'a.pdf').expect(401);
    });
  });

  describe('a 1 GB upload', () => {
    it('is refused from its Content-Length at once, before its body is read', async () => {
      const answer = await rawUpload(t.url, ada, {
        declaredBytes: 1024 ** 3,
        sendBytes: 1024 ** 3,
      });
      expect(answer.status).toBe(413);
      expect(answer.bytesSentBeforeAnswer).toBeLessThan(8 * 1024 * 1024);
      expect(answer.elapsedMs).toBeLessThan(2000);
      expect(incomingFiles()).toEqual([]);
    });

    it('of the largest size (FILE_MAX_SIZE) is stored in bounded memory', async () => {
      const [eve] = await createUsers(t, 1);
      const answer = await rawUpload(t.url, eve, {
        declaredBytes: multipartLength(FILE_MAX),
        sendBytes: FILE_MAX,
        complete: true,
      });
      expect(answer.status).toBe(201);
      process.stdout.write(
        `A ${FILE_MAX / 1024 / 1024} MB upload: ${answer.elapsedMs} ms, peak RSS growth ${(answer.rssGrowthBytes / 1024 / 1024).toFixed(1)} MB\n`,
      );
      expect(answer.rssGrowthBytes).toBeLessThan(FILE_MAX);
    });

    it('is cut at FILE_MAX_SIZE when sent without a length, in bounded memory and disk', async () => {
      const answer = await rawUpload(t.url, ada, { sendBytes: 1024 ** 3 });
      expect(answer.status).toBe(413);
      expect(answer.bytesSentBeforeAnswer).toBeLessThan(64 * 1024 * 1024);
      expect(answer.rssGrowthBytes).toBeLessThan(64 * 1024 * 1024);
      expect(incomingFiles()).toEqual([]);
    });
  });

  describe('downloading', () => {
    it('serves members a download with the original name, never inline, with a sandbox', async () => {
      const file = await uploadFile(t, ada, PDF, { fileName: 'Année 2026 "final".pdf' });
      await sendFile(ada, file, 'the report');
      const res = await download(bob, file.url).expect(200);
      expect(res.body).toEqual(PDF);
      expect(res.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-disposition':
          'attachment; filename="Ann_e 2026 _final_.pdf"; filename*=UTF-8\'\'Ann%C3%A9e%202026%20%22final%22.pdf',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'accept-ranges': 'bytes',
      });
      await download(cy, file.url).expect(404);
      await download(null, file.url).expect(401);
      await download(bob, `${file.url}/thumbnail`).expect(404);
    });

    it.each([
      [
        'an HTML page named .png',
        'photo.png',
        '<!DOCTYPE html><script>alert(1)</script>',
        'text/html',
      ],
      [
        'an SVG with a script',
        'logo.svg',
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        'image/svg+xml',
      ],
      ['XML', 'feed.xml', '<?xml version="1.0"?><feed/>', 'application/xml'],
    ])(
      'serves %s as a download of application/octet-stream',
      async (_what, name, body, detected) => {
        const file = await uploadFile(t, ada, Buffer.from(body), {
          fileName: name,
          contentType: 'image/png',
        });
        expect(file.mimeType).toBe(detected);
        await sendFile(ada, file);
        const res = await download(bob, file.url).expect(200);
        expect(res.headers['content-type']).toBe('application/octet-stream');
        expect(res.headers['content-disposition']).toMatch(/^attachment;/);
        expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      },
    );

    it('answers byte ranges (206), a suffix and an open end, 416 past the end, and all on a stale If-Range', async () => {
      const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
      const file = await uploadFile(t, ada, bytes, { fileName: 'numbers.bin' });
      await sendFile(ada, file);
      const part = await download(bob, file.url, { Range: 'bytes=100-199' }).expect(206);
      expect(part.headers['content-range']).toBe('bytes 100-199/1000');
      expect(part.body).toEqual(bytes.subarray(100, 200));
      const tail = await download(bob, file.url, { Range: 'bytes=-10' }).expect(206);
      expect(tail.body).toEqual(bytes.subarray(990));
      const rest = await download(bob, file.url, { Range: 'bytes=995-' }).expect(206);
      expect(rest.headers['content-range']).toBe('bytes 995-999/1000');
      const past = await download(bob, file.url, { Range: 'bytes=1000-' }).expect(416);
      expect(past.headers['content-range']).toBe('bytes */1000');
      await download(bob, file.url, { Range: 'bytes=0-9', 'If-Range': '"stale"' }).expect(200);
      const etag = part.headers.etag;
      await download(bob, file.url, { 'If-None-Match': etag }).expect(304);
    });
  });

  describe('in messages', () => {
    it('stops serving a file, ranges included, to someone removed from the group', async () => {
      const group = await createGroup(t, ada, [bob, cy]);
      const file = await uploadFile(t, ada, PDF, { fileName: 'roster.pdf' });
      await messageCalls(t, ada).send(group.id, { mediaId: file.id }).expect(201);
      await download(cy, file.url, { Range: 'bytes=0-3' }).expect(206);
      await t
        .http()
        .delete(`/api/v1/chats/${group.id}/members/${cy.user.id}`)
        .set(bearer(ada))
        .expect(204);
      await download(cy, file.url).expect(404);
      await download(cy, file.url, { Range: 'bytes=0-3' }).expect(404);
      await download(bob, file.url).expect(200);
    });

    it('sends a file with a caption; the chat list says its name', async () => {
      const file = await uploadFile(t, ada, PDF, { fileName: 'minutes.pdf' });
      const message = await sendFile(ada, file, 'from Monday');
      expect(message).toMatchObject({
        kind: 'file',
        text: 'from Monday',
        mediaId: file.id,
        file,
        media: null,
      });
      const chat = await messageCalls(t, bob).chat(direct.id);
      expect(chat.lastMessage).toMatchObject({
        kind: 'file',
        text: 'from Monday',
        attachmentName: 'minutes.pdf',
      });
      const [stored] = (await messageCalls(t, bob).history(direct.id, '?limit=1')).items;
      expect(stored.file).toEqual(file);
    });

    it('sends a voice message: audio with its duration', async () => {
      const voice = await uploadFile(t, ada, webmHeader(), {
        fileName: 'recording.webm',
        durationMs: 4200,
      });
      expect(voice).toMatchObject({ mimeType: 'audio/webm', durationMs: 4200 });
      const message = await sendFile(ada, voice);
      expect(message).toMatchObject({ kind: 'voice', file: voice });
      const res = await download(bob, voice.url, { Range: 'bytes=0-3' }).expect(206);
      expect(res.headers['content-type']).toBe('audio/webm');
    });

    it('refuses a voice message that is not audio (415) or longer than VOICE_MAX_DURATION (400)', async () => {
      const notAudio = await postFile(t, ada, PDF, { durationMs: 1000 }).expect(415);
      expect(notAudio.body.message).toMatch(/voice message must be audio/);
      const long = await postFile(t, ada, webmHeader(), { durationMs: 121_000 }).expect(400);
      expect(long.body.message).toBe('A voice message can be at most 120 seconds long');
      await postFile(t, ada, webmHeader(), { durationMs: 'soon' as unknown as number }).expect(400);
    });

    it('refuses a file as an avatar', async () => {
      const file = await uploadFile(t, ada, PDF);
      const res = await t
        .http()
        .patch('/api/v1/users/me')
        .set(bearer(ada))
        .send({ avatarMediaId: file.id })
        .expect(400);
      expect(res.body.message).toBe(
        'avatarMediaId must be an image (POST /api/v1/media), not another file',
      );
    });
  });

  describe('the quota', () => {
    it('refuses what would pass FILE_QUOTA with 413 saying what is left; deleting the message frees it', async () => {
      const [dan] = await createUsers(t, 1);
      const chat = await openDirectChat(t, dan, bob);
      await uploadImage(t, dan);
      const big = Buffer.alloc(QUOTA / 2 - 1024 * 1024, 0x62);
      const first = await uploadFile(t, dan, big, { fileName: 'one.txt' });
      const second = await uploadFile(t, dan, big, { fileName: 'two.txt' });
      const refused = await postFile(t, dan, big, { fileName: 'three.txt' }).expect(413);
      expect(refused.body).toMatchObject({
        code: 'quota_exceeded',
        message: expect.stringMatching(
          /^Your uploads would exceed your storage quota of 30 MB \(\d+(\.\d)? (KB|MB) left\)/,
        ) as string,
        details: { quotaBytes: QUOTA },
      });
      const sent = await messageCalls(t, dan).send(chat.id, { mediaId: first.id });
      expect(sent.status).toBe(201);
      const { seq } = sent.body as ChatMessage;
      await messageCalls(t, dan).remove(chat.id, seq).expect(200);
      await download(bob, first.url).expect(404);
      await uploadFile(t, dan, big, { fileName: 'three.txt' });
      expect(second.id).not.toBe(first.id);
    });
  });
});
