import type { LinkPreviewView, MediaView } from '@app/contracts';
import { deleted, message } from '../testing/store-fixtures';
import {
  previewHref,
  previewImageLayout,
  previewImageSrc,
  previewLinkText,
  previewSiteName,
  previewsOf,
} from './link-preview';

const ORIGIN = 'https://chat.example';

const image = (width: number, height: number, thumbnailUrl = '/api/v1/media/m1/thumbnail') =>
  ({
    id: 'm1',
    url: '/api/v1/media/m1',
    thumbnailUrl,
    mimeType: 'image/webp',
    size: 1000,
    width,
    height,
  }) satisfies MediaView;

const preview = (index: number, changes: Partial<LinkPreviewView> = {}): LinkPreviewView => ({
  index,
  url: `https://trails.example/route/${index}`,
  title: `Route ${index}`,
  description: null,
  siteName: 'Trails',
  image: null,
  ...changes,
});

describe('link previews as the client shows them', () => {
  it('shows a message’s previews in the order of its links, and none once it is deleted', () => {
    const withPreviews = { ...message(1), previews: [preview(2), preview(0), preview(1)] };
    expect(previewsOf(withPreviews).map((p) => p.index)).toEqual([0, 1, 2]);
    // The message's own list is left as it came.
    expect(withPreviews.previews.map((p) => p.index)).toEqual([2, 0, 1]);
    expect(previewsOf(deleted(withPreviews, 5))).toEqual([]);
    expect(previewsOf(message(2))).toEqual([]);
  });

  it('loads a picture from our own origin only, never from anywhere else', () => {
    expect(previewImageSrc(image(600, 315), ORIGIN)).toBe(
      'https://chat.example/api/v1/media/m1/thumbnail',
    );
    expect(previewImageSrc(image(600, 315, `${ORIGIN}/api/v1/media/m1/thumbnail`), ORIGIN)).toBe(
      'https://chat.example/api/v1/media/m1/thumbnail',
    );
    for (const elsewhere of [
      'https://trails.example/cover.jpg',
      '//trails.example/cover.jpg',
      'http://chat.example/api/v1/media/m1/thumbnail',
      'https://chat.example:8443/x',
      'https://res.cloudinary.com/demo/image/upload/x.webp',
      'data:image/svg+xml,<svg/>',
      'javascript:alert(1)',
    ]) {
      expect(previewImageSrc(image(600, 315, elsewhere), ORIGIN)).toBeNull();
    }
    expect(previewImageSrc(null, ORIGIN)).toBeNull();
  });

  it('puts a wide picture across the card, and a small, square or tall one beside the text', () => {
    expect(previewImageLayout(image(600, 315))).toBe('banner');
    expect(previewImageLayout(image(320, 320))).toBe('banner');
    expect(previewImageLayout(image(120, 60))).toBe('side');
    expect(previewImageLayout(image(400, 600))).toBe('side');
  });

  it('links to http(s) addresses only', () => {
    expect(previewHref(preview(0))).toBe('https://trails.example/route/0');
    expect(previewHref(preview(0, { url: 'javascript:alert(1)' }))).toBeNull();
    expect(previewHref(preview(0, { url: 'not a url' }))).toBeNull();
  });

  it('names the link by its title, else by the address without its scheme', () => {
    expect(previewLinkText(preview(0, { title: '  Ridge loop  ' }))).toBe('Ridge loop');
    expect(previewLinkText(preview(0, { title: null }))).toBe('trails.example/route/0');
    expect(previewLinkText(preview(0, { title: ' ', url: 'https://trails.example/?q=1' }))).toBe(
      'trails.example?q=1',
    );
    expect(previewLinkText(preview(0, { title: null, url: 'odd' }))).toBe('odd');
  });

  it('names the site, else its host', () => {
    expect(previewSiteName(preview(0))).toBe('Trails');
    expect(previewSiteName(preview(0, { siteName: null }))).toBe('trails.example');
    expect(previewSiteName(preview(0, { siteName: '', url: 'odd' }))).toBeNull();
  });
});
