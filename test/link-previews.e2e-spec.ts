import sharp from 'sharp';
import type { AuthSession, ChatMessage } from '@app/contracts';
import {
  ackData,
  bearer,
  connectClient,
  createGroup,
  createUsers,
  disconnectAll,
  emitAck,
  nextEvent,
  openDirectChat,
  sleep,
} from '@app/testing';
import { PreviewWorld } from './link-preview-world';
import { messageCalls } from './message-calls';
import { startTestApp } from './test-app';

/**
 * Link previews as people see them (docs/architecture.md#link-previews): added a moment after
 * the send, carried by message:updated and chat:sync, the picture ours and for the chat's members
 * only, removable by the sender, and none at all with LINK_PREVIEWS=false. The fetcher under
 * attack is link-preview-ssrf.e2e-spec.ts.
 */
describe('Link previews', () => {
  let w: PreviewWorld;
  let [ada, bob, cy]: AuthSession[] = [];

  beforeAll(async () => {
    w = await PreviewWorld.start();
    ({ ada, bob, cy } = w.people);
  });

  afterEach(() => disconnectAll());

  afterAll(() => w?.close());

  it('adds a preview a moment after the send, by message:updated, with our copy of the picture', async () => {
    const { sites, direct } = w;
    const bobSocket = await connectClient(w.t, bob);
    const started = Date.now();
    const sent = await w.sendText(ada, direct.id, `Route: ${sites.origin}/article/1 !`);
    const answeredMs = Date.now() - started;
    expect(sent.previews).toEqual([]);
    const { message } = await nextEvent(
      bobSocket,
      'message:updated',
      (e) => e.message.seq === sent.seq,
    );
    process.stdout.write(
      `Send answered in ${answeredMs} ms; preview in ${Date.now() - started} ms\n`,
    );
    expect(message.changeSeq).toBeGreaterThan(sent.changeSeq);
    const [preview] = message.previews;
    expect(preview).toMatchObject({
      index: 0,
      url: `${sites.origin}/article/1`,
      title: 'Ridge loop & huts',
      description: 'A day hike along the ridge.',
      siteName: 'Trails',
      image: { mimeType: 'image/webp', width: 600, height: 315 },
    });
    const picture = await w.media(bob, preview.image!.url).buffer(true).expect(200);
    expect(picture.headers['content-type']).toBe('image/webp');
    expect((await sharp(picture.body as Buffer).metadata()).exif).toBeUndefined();
    await w.media(cy, preview.image!.url).expect(404);
    // Plain requests: our user agent, no cookie back (the page set one), no credentials.
    for (const [{ headers }] of [sites.seen('/article/1'), sites.seen('/cover.jpg')]) {
      expect(headers['user-agent']).toBe('ChatLinkPreview/1.0 (+http://localhost:3000)');
      expect(headers.cookie).toBeUndefined();
      expect(headers.authorization).toBeUndefined();
      expect(headers['accept-encoding']).toBe('gzip, deflate, br');
    }

    // The same link in another chat comes from the cache, picture included, visible there.
    const group = await createGroup(w.t, ada, [cy]);
    const again = await w.sendText(ada, group.id, `${sites.origin}/article/1`);
    const cached = await w.withPreviews(group.id, again.seq);
    expect(cached.previews[0].image?.id).toBe(preview.image?.id);
    expect(sites.seen('/article/1')).toHaveLength(1);
    await w.media(cy, preview.image!.url).expect(200);
  });

  it('brings a preview added while away through chat:sync after a reconnect', async () => {
    const { direct } = w;
    let bobSocket = await connectClient(w.t, bob);
    const sent = await w.sendText(ada, direct.id, `${w.sites.origin}/late/sync`);
    const { message: held } = await nextEvent(
      bobSocket,
      'message:new',
      (e) => e.message.seq === sent.seq,
    );
    expect(held.previews).toEqual([]);
    bobSocket.disconnect();
    await w.withPreviews(direct.id, sent.seq);
    bobSocket = await connectClient(w.t, bob);
    const { chats } = await ackData(bobSocket, 'chat:sync', {
      cursors: [{ chatId: direct.id, afterSeq: held.seq, afterChangeSeq: held.changeSeq }],
    });
    expect(chats[0].changed).toEqual([
      expect.objectContaining({
        seq: sent.seq,
        previews: [expect.objectContaining({ title: 'Late sync' })],
      }),
    ]);
  });

  it('lets the sender remove a preview, by REST and by socket, and nobody else', async () => {
    const { direct, sites } = w;
    const [adaSocket, bobSocket] = [await connectClient(w.t, ada), await connectClient(w.t, bob)];
    const text = `${sites.origin}/page/a and ${sites.origin}/page/b`;
    const sent = await w.sendText(ada, direct.id, text);
    const { previews } = await w.withPreviews(direct.id, sent.seq);
    expect(previews.map((p) => p.index)).toEqual([0, 1]);
    const remove = (session: AuthSession, index: number) =>
      w.t
        .http()
        .delete(`/api/v1/chats/${direct.id}/messages/${sent.seq}/previews/${index}`)
        .set(bearer(session));

    expect((await remove(bob, 0).expect(403)).body.code).toBe('forbidden');
    expect((await remove(cy, 0).expect(403)).body.code).toBe('not_a_member');
    await remove(ada, 3).expect(400);
    const told = nextEvent(bobSocket, 'message:updated', (e) => e.message.seq === sent.seq);
    const removed = (await remove(ada, 0).expect(200)).body as ChatMessage;
    expect(removed.previews.map((p) => p.index)).toEqual([1]);
    expect((await told).message.previews.map((p) => p.index)).toEqual([1]);

    const payload = { chatId: direct.id, seq: sent.seq, index: 1 };
    expect(await emitAck(bobSocket, 'preview:remove', payload)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const bySocket = await ackData(adaSocket, 'preview:remove', payload);
    expect(bySocket.previews).toEqual([]);
    // Already gone: nothing changes, and the answer is the message as it is.
    const again = await ackData(adaSocket, 'preview:remove', payload);
    expect(again.changeSeq).toBe(bySocket.changeSeq);
  });

  it('fetches nothing with LINK_PREVIEWS=false', async () => {
    const { sites } = w;
    const off = await startTestApp({
      LINK_PREVIEWS: 'false',
      LINK_PREVIEW_TEST_ORIGINS: sites.origin,
    });
    try {
      const [ann, ben] = await createUsers(off, 2);
      const chat = await openDirectChat(off, ann, ben);
      const calls = messageCalls(off, ann);
      const sent = (await calls.send(chat.id, { text: `${sites.origin}/page/off` }).expect(201))
        .body as ChatMessage;
      await sleep(700);
      expect(sites.seen('/page/off')).toEqual([]);
      const [stored] = (await calls.history(chat.id, `?afterSeq=${sent.seq - 1}`)).items;
      expect(stored.previews).toEqual([]);
    } finally {
      await off.close();
    }
  });
});
