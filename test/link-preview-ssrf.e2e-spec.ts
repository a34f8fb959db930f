import type { AuthSession } from '@app/contracts';
import { ssrfCases } from './link-preview-cases';
import { PreviewWorld } from './link-preview-world';

/**
 * The link preview fetcher under attack (docs/architecture.md#link-previews): every link that
 * points inside, in any spelling, by any name, through any redirect, is refused before a byte
 * leaves; a name that changes its answer is connected to where it was checked; hostile answers
 * (slow, endless, compressed bombs, other types, oversized pictures) are given up within the
 * deadline and the caps. Each refusal is logged with its reason and leaves no preview. Prints how
 * many such cases were tried and refused.
 */
describe('Link previews: the fetcher under attack', () => {
  let w: PreviewWorld;
  let ada: AuthSession;
  const ssrf = { tried: 0, refused: 0 };

  beforeAll(async () => {
    w = await PreviewWorld.start();
    ({ ada } = w.people);
  });

  afterAll(async () => {
    process.stdout.write(`SSRF cases tried: ${ssrf.tried}, refused: ${ssrf.refused}\n`);
    await w?.close();
  });

  it('refuses every way of pointing the fetcher inside, logs why and stores no preview', async () => {
    const { direct, sites } = w;
    const cases = ssrfCases(sites.origin, w.strangerPort);
    for (const [what, link, logged] of cases) {
      ssrf.tried++;
      const sent = await w.sendText(ada, direct.id, `${what}: ${link}`);
      // One at a time: a host takes two requests at once, and a third would be skipped.
      const log = await w.logOf(link);
      expect(`${what}: ${log.outcome}: ${log.reason}`).toMatch(logged);
      expect(log.level).toBe(log.outcome === 'refused' ? 'warn' : 'log');
      expect((await w.messageAt(direct.id, sent.seq)).previews).toEqual([]);
      ssrf.refused++;
    }
    expect(sites.seen('/page/n20')).toEqual([]);
    expect(sites.seen('/page/n24')).toEqual([]);
    expect(sites.seen('/hops/0/r8')).toEqual([]);
    expect(w.strangerHits).toBe(0);
    expect(w.asked('xn--bcher-kva.test')).toBe(1);
  });

  it('follows up to 3 redirects, each checked again', async () => {
    const link = `${w.sites.origin}/hops/3/fine`;
    const sent = await w.sendText(ada, w.direct.id, link);
    const { previews } = await w.withPreviews(w.direct.id, sent.seq);
    expect(previews).toEqual([expect.objectContaining({ url: link, title: 'After the hops' })]);
  });

  it('looks a name up once per fetch and judges the very answer it connects with', async () => {
    // DNS rebinding needs a second lookup between the check and the connection. The resolver
    // answers differently each time; each fetch asks once and is refused on that answer. (That the
    // socket goes to the address judged, and is checked again once connected, is proven on real
    // sockets in libs/outbound/src/send-outbound.spec.ts; no test here connects off this machine.)
    ssrf.tried += 2;
    await w.sendText(ada, w.direct.id, 'http://rebind.test/first');
    const first = await w.logOf('http://rebind.test/first');
    expect(`${first.outcome}: ${first.reason}`).toMatch(/refused.*private.*10\.0\.0\.2/);
    expect(w.asked('rebind.test')).toBe(1);
    await w.sendText(ada, w.direct.id, 'http://rebind.test/second');
    const second = await w.logOf('http://rebind.test/second');
    expect(`${second.outcome}: ${second.reason}`).toMatch(/refused.*private.*127\.0\.0\.1/);
    expect(w.asked('rebind.test')).toBe(2);
    ssrf.refused += 2;
  });

  it('leaves out pictures it may not fetch or will not decode, keeping the page preview', async () => {
    const origin = w.sites.origin;
    const pictures: Array<[string, RegExp, 'ssrf' | 'hostile']> = [
      ['http://169.254.169.254/latest/meta-data/iam', /refused.*private_address/, 'ssrf'],
      ['http://[::1]/x.png', /refused.*private_address/, 'ssrf'],
      ['http://private.test/x.png', /refused.*private_address/, 'ssrf'],
      [`${origin}/huge.png`, /too_many_pixels/, 'hostile'],
      [`${origin}/article/not-an-image`, /unwanted_answer.*content type text\/html/, 'hostile'],
    ];
    for (const [index, [image, logged, kind]] of pictures.entries()) {
      if (kind === 'ssrf') ssrf.tried++;
      const page = `${origin}/picture/${encodeURIComponent(image)}/${index}`;
      const sent = await w.sendText(ada, w.direct.id, page);
      const log = await w.logOf(page);
      expect(log).toMatchObject({ imageUrl: new URL(image).href });
      expect(log.reason).toMatch(logged);
      const { previews } = await w.withPreviews(w.direct.id, sent.seq);
      expect(previews).toEqual([expect.objectContaining({ title: 'With a picture', image: null })]);
      if (kind === 'ssrf') ssrf.refused++;
    }
  });

  it('gives up on slow, endless, compressed-bomb and non-HTML answers, within the deadline', async () => {
    const origin = w.sites.origin;
    const started = Date.now();
    // The slow page holds one of the two requests its host may have; the others take turns.
    await w.sendText(ada, w.direct.id, `${origin}/slow/1`);
    const hostile: Array<[string, RegExp]> = [
      [`${origin}/endless/1`, /failed.*response_too_large/],
      [`${origin}/bomb/1`, /failed.*response_too_large/],
      [`${origin}/json/1`, /failed.*unwanted_answer.*application\/json/],
      ['http://nowhere.test/1', /failed.*network.*No address/],
    ];
    for (const [link, logged] of hostile) {
      const sent = await w.sendText(ada, w.direct.id, link);
      const log = await w.logOf(link);
      expect(`${log.outcome}: ${log.reason}`).toMatch(logged);
      expect((await w.messageAt(w.direct.id, sent.seq)).previews).toEqual([]);
    }
    const slow = await w.logOf(`${origin}/slow/1`, 9000);
    expect(`${slow.outcome}: ${slow.reason}`).toMatch(/failed.*timeout/);
    const tookMs = Date.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(4500);
    expect(tookMs).toBeLessThan(8000);
  });
});
