import { Inject, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  OutboundSlots,
  scriptedResolver,
  sendOutbound,
  type OutboundPolicy,
  type ScriptedResolver,
} from '@app/outbound';

/** The limits of every request a preview makes (docs/architecture.md#link-previews). */
export const PREVIEW_FETCH = {
  /** For the whole exchange: connecting, every redirect, and the body. */
  timeoutMs: 5000,
  redirects: 3,
  /** Of a page, decoded; reading stops earlier once its head is over. */
  pageBytes: 1024 * 1024,
  imageBytes: 5 * 1024 * 1024,
  /** Requests under way at once in this process, per host and in all. */
  slots: { perHost: 2, total: 8 },
};

/** A page, as much of it as was read: its head, at least. */
export interface FetchedPage {
  body: Buffer;
  contentType: string | undefined;
  /** Where it was found, after redirects: relative links in it are relative to this. */
  url: string;
}

/** No request slot was free for the host, or in all: the preview is skipped, not queued. */
export class PreviewFetchSkipped extends Error {
  override readonly name = 'PreviewFetchSkipped';
}

/**
 * Every request a link preview makes, and only these: GET, over http or https on ports 80 and
 * 443, to public addresses only (checked in the lookup and again on the connected socket, for
 * every redirect), with no cookie and no credentials, under one deadline and a size cap, at most
 * two at once per host and eight in all. Pages are read as far as the end of their head; only
 * `text/html` pages and raster images are read at all. The test suites' local pages get in only
 * through LINK_PREVIEW_TEST_ORIGINS and their resolver through LINK_PREVIEW_TEST_HOSTS, both
 * refused by the configuration outside NODE_ENV=test.
 */
@Injectable()
export class PreviewFetcher {
  private readonly policy: OutboundPolicy;
  private readonly slots = new OutboundSlots(PREVIEW_FETCH.slots);
  private readonly userAgent: string;
  /** The test suites' resolver, when they gave one (the names it was asked are in `asked`). */
  readonly testResolver: ScriptedResolver | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { testOrigins, testHosts } = config.previews;
    this.policy = { protocols: ['http:', 'https:'], allowPorts: [80, 443], testOrigins };
    this.testResolver =
      Object.keys(testHosts).length > 0
        ? scriptedResolver(new Map(Object.entries(testHosts)))
        : null;
    // Site owners who see our requests can tell what they are and where they come from.
    this.userAgent = `ChatLinkPreview/1.0 (+${config.http.webOrigins[0] ?? 'http://localhost'})`;
  }

  async page(url: string): Promise<FetchedPage> {
    const response = await this.get(url, {
      accept: 'text/html',
      maxResponseBytes: PREVIEW_FETCH.pageBytes,
      wanted: (type) => type === 'text/html',
      // Everything a preview reads is in the head.
      stopAfter: /<\/head\s*>|<body[\s>]/i,
    });
    const contentType = response.headers['content-type'];
    return { body: response.body, contentType, url: response.url };
  }

  async image(url: string): Promise<Buffer> {
    const response = await this.get(url, {
      accept: 'image/webp,image/png,image/jpeg,image/gif',
      maxResponseBytes: PREVIEW_FETCH.imageBytes,
      // SVG is a document that can reach out to other addresses; we take raster images only.
      wanted: (type) => type.startsWith('image/') && type !== 'image/svg+xml',
    });
    return response.body;
  }

  private async get(
    url: string,
    how: {
      accept: string;
      maxResponseBytes: number;
      wanted: (mimeType: string) => boolean;
      stopAfter?: RegExp;
    },
  ) {
    const release = this.slots.tryTake(hostOf(url));
    if (!release) throw new PreviewFetchSkipped(`too many previews being fetched (${url})`);
    try {
      return await sendOutbound(
        {
          method: 'GET',
          url,
          headers: { 'user-agent': this.userAgent, accept: how.accept },
          timeoutMs: PREVIEW_FETCH.timeoutMs,
          maxResponseBytes: how.maxResponseBytes,
          followRedirects: PREVIEW_FETCH.redirects,
          decompress: true,
          stopAfter: how.stopAfter,
          accept: (status, headers) => unwanted(status, headers, how.wanted),
        },
        this.policy,
        { resolveHost: this.testResolver?.resolve },
      );
    } finally {
      release();
    }
  }
}

/** Why an answer is not read: not a success (a redirect past the limit too), or another type. */
function unwanted(
  status: number,
  headers: IncomingHttpHeaders,
  wanted: (mimeType: string) => boolean,
): string | null {
  if (status < 200 || status > 299) return `status ${status}`;
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return wanted(type) ? null : `content type ${type || 'none'}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
