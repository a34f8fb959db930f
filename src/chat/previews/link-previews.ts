import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  LinkPreviewImages,
  type ChatMessage,
  type LinkPreviewView,
  type MediaView,
} from '@app/contracts';
import { OutboundFailed, OutboundRefused } from '@app/outbound';
import { toChatMessage } from '../chat.mapper';
import { RealtimePublisher } from '../fanout/realtime-publisher';
import { MessagesRepository } from '../persistence/messages.repository';
import { linksOf } from './message-links';
import { decodeHtml, readPageMetadata } from './page-metadata';
import { PreviewCache, type FoundPreview } from './preview-cache';
import { previewsFoundDecision } from './preview-change-rules';
import { PreviewFetcher, PreviewFetchSkipped } from './preview-fetcher';

type Outcome = 'made' | 'cached' | 'empty' | 'refused' | 'failed' | 'skipped';

/**
 * Adds link previews to new text messages (docs/architecture.md#link-previews): once the send is
 * answered, the first three links are looked at together, and what they gave is added to the
 * message as one change of the chat's change log, so `message:updated`, `chat:sync` and the
 * change feed carry it. Nothing here can fail or delay a send; a link that gives nothing is
 * logged with the reason and left without a preview.
 */
@Injectable()
export class LinkPreviews implements BeforeApplicationShutdown {
  private readonly logger = new Logger('LinkPreviews');
  private readonly enabled: boolean;
  private readonly outcomes: Counter<'outcome'>;
  /** Previews under way, so that shutdown waits for them (each is bounded by its deadlines). */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly fetcher: PreviewFetcher,
    private readonly cache: PreviewCache,
    private readonly images: LinkPreviewImages,
    private readonly messages: MessagesRepository,
    private readonly publisher: RealtimePublisher,
    registry: Registry,
  ) {
    this.enabled = config.previews.enabled;
    this.outcomes = new Counter({
      name: 'link_previews_total',
      help: 'Links of new messages looked at for a preview, by outcome (made, cached, empty, refused, failed, skipped)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  /** Called once the send is answered; returns at once. */
  messageSent(message: ChatMessage): void {
    if (!this.enabled || message.kind !== 'text' || message.senderId === null) return;
    const links = linksOf(message.text);
    if (links.length === 0) return;
    const work = this.preview(message, message.senderId, links)
      .catch((error: unknown) =>
        this.logger.error(
          { err: error, chatId: message.chatId, seq: message.seq },
          'Link previews failed',
        ),
      )
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async preview(message: ChatMessage, senderId: string, links: string[]): Promise<void> {
    const found = await Promise.all(
      links.map((url, index) => this.previewOf(url, index, senderId)),
    );
    const previews = found.filter((preview): preview is LinkPreviewView => preview !== null);
    if (previews.length === 0) return;
    const result = await this.messages.change(
      message.chatId,
      message.seq,
      previewsFoundDecision(previews),
    );
    if (result?.changed) this.publisher.messageUpdated(toChatMessage(result.message));
  }

  private async previewOf(
    url: string,
    index: number,
    ownerId: string,
  ): Promise<LinkPreviewView | null> {
    const cached = await this.cache.get(url);
    if (cached) {
      this.outcomes.inc({ outcome: 'cached' });
      return 'found' in cached ? { index, url, ...cached.found } : null;
    }
    let found: FoundPreview;
    try {
      const page = await this.fetcher.page(url);
      const meta = readPageMetadata(decodeHtml(page.body, page.contentType), page.url);
      if (meta.title === null && meta.description === null) {
        this.noPreview('empty', url, 'the page has no title or description');
        await this.cache.set(url, { missing: 'empty' });
        return null;
      }
      const image = meta.imageUrl === null ? null : await this.imageOf(meta.imageUrl, ownerId, url);
      found = { title: meta.title, description: meta.description, siteName: meta.siteName, image };
    } catch (error) {
      const { outcome, reason } = whyNot(error);
      this.noPreview(outcome, url, reason);
      // A busy moment says nothing about the page: the next message with it tries again.
      if (outcome !== 'skipped') await this.cache.set(url, { missing: reason });
      return null;
    }
    this.outcomes.inc({ outcome: 'made' });
    await this.cache.set(url, { found });
    return { index, url, ...found };
  }

  /** The page's picture, as our own copy; a picture we may not or cannot have leaves the preview without one. */
  private async imageOf(
    imageUrl: string,
    ownerId: string,
    pageUrl: string,
  ): Promise<MediaView | null> {
    try {
      const stored = await this.images.store(await this.fetcher.image(imageUrl), ownerId);
      if (stored.ok) return stored.image;
      this.logger.warn(
        { url: pageUrl, imageUrl, reason: stored.reason },
        `Link preview without its picture: ${stored.reason}`,
      );
    } catch (error) {
      const { outcome, reason } = whyNot(error);
      const log = outcome === 'refused' ? 'warn' : 'log';
      this.logger[log](
        { url: pageUrl, imageUrl, reason },
        `Link preview without its picture: ${reason}`,
      );
    }
    return null;
  }

  private noPreview(outcome: Outcome, url: string, reason: string): void {
    this.outcomes.inc({ outcome });
    // A refusal is someone pointing us at an address we must not call: worth a warning.
    const log = outcome === 'refused' ? 'warn' : 'log';
    this.logger[log]({ url, outcome, reason }, `No link preview (${outcome}): ${reason}`);
  }
}

function whyNot(error: unknown): { outcome: Outcome; reason: string } {
  if (error instanceof OutboundRefused) return { outcome: 'refused', reason: error.message };
  if (error instanceof OutboundFailed) return { outcome: 'failed', reason: error.message };
  if (error instanceof PreviewFetchSkipped) return { outcome: 'skipped', reason: error.message };
  // Not the network's doing (storage down, a bug): still only this link goes without a preview.
  return { outcome: 'failed', reason: `unexpected: ${String(error)}` };
}
