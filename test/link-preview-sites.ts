import { Logger } from '@nestjs/common';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, gzipSync } from 'node:zlib';
import sharp from 'sharp';

const MB = 1024 * 1024;

/** A request one of the local sites received. */
export interface SiteRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

const page = (head: string) =>
  `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>body</body></html>`;

/** A real PNG whose header claims `width`×`height` (CRC fixed): a decompression bomb's claim. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
    .png()
    .toBuffer();
  const ihdr = png.subarray(12, 29);
  ihdr.writeUInt32BE(width, 4);
  ihdr.writeUInt32BE(height, 8);
  png.writeUInt32BE(crc32(ihdr), 29);
  return png;
}

/**
 * Web pages on 127.0.0.1 for the link preview suite, reached by the app only through
 * LINK_PREVIEW_TEST_ORIGINS. Each path is one kind of page, good or hostile; every request is
 * recorded with its headers.
 */
export class PreviewSites {
  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly origin: string,
    readonly requests: readonly SiteRequest[],
  ) {}

  static async start(): Promise<PreviewSites> {
    const cover = await sharp({
      create: { width: 1200, height: 630, channels: 3, background: '#2a7' },
    })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Artist: 'someone private' } } })
      .toBuffer();
    const hugePng = await pngClaiming(30_000, 30_000);
    // The head never closes, then 64 MB of spaces in 1 MB gzip members: ~64 kB on the wire.
    const bomb = Buffer.concat([
      gzipSync('<html><head><title>Bomb</title>'),
      ...Array<Buffer>(64).fill(gzipSync(Buffer.alloc(MB, ' '))),
    ]);
    const requests: SiteRequest[] = [];
    const server = createServer((req, res) => {
      const path = req.url ?? '/';
      requests.push({ path, headers: req.headers });
      route(path, res, { cover, hugePng, bomb });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new PreviewSites(server, `http://127.0.0.1:${port}`, requests);
  }

  /** The requests made for `path`. */
  seen(path: string): SiteRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function route(
  path: string,
  res: ServerResponse,
  files: { cover: Buffer; hugePng: Buffer; bomb: Buffer },
): ServerResponse | void {
  const html = (body: string, headers: Record<string, string> = {}) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  const redirect = (location: string) => res.writeHead(302, { location }).end();
  if (path.startsWith('/article')) {
    return html(
      page(`<title>Plain title</title>
        <meta property="og:title" content="Ridge loop &amp; huts">
        <meta property="og:description" content="A day hike along the ridge.">
        <meta property="og:site_name" content="Trails">
        <meta property="og:image" content="/cover.jpg">`),
      // A cookie we must never send back.
      { 'set-cookie': 'session=tracked; Path=/' },
    );
  }
  if (path === '/cover.jpg')
    return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(files.cover);
  if (path === '/huge.png')
    return res.writeHead(200, { 'content-type': 'image/png' }).end(files.hugePng);
  if (path.startsWith('/page/')) return html(page(`<title>Page ${path.slice(6)}</title>`));
  // A page that takes a moment, so a test can act before its preview lands.
  if (path.startsWith('/late/')) {
    return void setTimeout(() => html(page(`<title>Late ${path.slice(6)}</title>`)), 600);
  }
  // /hops/3/x → /hops/2/x → /hops/1/x → /hops/0/x, a page.
  const hops = /^\/hops\/(\d+)\/(.*)$/.exec(path);
  if (hops) {
    const left = Number(hops[1]);
    if (left === 0) return html(page(`<title>After the hops</title>`));
    return redirect(`/hops/${left - 1}/${hops[2]}`);
  }
  if (path.startsWith('/to/')) return redirect(decodeURIComponent(path.slice(4).split('/')[0]));
  if (path.startsWith('/picture/')) {
    const image = decodeURIComponent(path.slice(9).split('/')[0]);
    return html(page(`<title>With a picture</title><meta property="og:image" content="${image}">`));
  }
  if (path.startsWith('/slow')) {
    // The head starts, then nothing more: only the deadline ends it.
    res.writeHead(200, { 'content-type': 'text/html' });
    return void res.write('<html><head><title>Slow');
  }
  if (path.startsWith('/endless')) return endless(res);
  if (path.startsWith('/bomb')) {
    return res
      .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
      .end(files.bomb);
  }
  if (path.startsWith('/json')) {
    return res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ html: '<title>not a page</title>' }));
  }
  res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>');
}

/** A head that never ends, written until the reader goes away (64 MB at most). */
function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.write('<html><head><title>Endless</title>');
  const chunk = Buffer.alloc(64 * 1024, ' ');
  let written = 0;
  const more = () => {
    while (!res.destroyed && written < 64 * MB) {
      written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    res.end();
  };
  more();
}

/** What LinkPreviews logged about one link: no preview (why), or a preview without its picture. */
export interface PreviewLog {
  url: string;
  outcome?: string;
  reason: string;
  imageUrl?: string;
  level: 'warn' | 'log';
}

/** Collects what LinkPreviews logs, through Nest's Logger, while the suite runs. */
export function recordPreviewLogs(): { logs: PreviewLog[]; restore(): void } {
  const logs: PreviewLog[] = [];
  const spies = (['warn', 'log'] as const).map((level) =>
    jest.spyOn(Logger.prototype, level).mockImplementation(function (
      this: Logger,
      first: unknown,
      ...rest: unknown[]
    ) {
      const message = typeof rest[0] === 'string' ? rest[0] : '';
      const fields = first as Partial<PreviewLog> | null;
      const ours = message.startsWith('No link preview') || message.startsWith('Link preview');
      if (ours && fields && typeof fields.url === 'string') {
        logs.push({ ...fields, url: fields.url, reason: String(fields.reason), level });
      }
    }),
  );
  return { logs, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}
