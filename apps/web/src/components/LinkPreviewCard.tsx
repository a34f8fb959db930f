import type { LinkPreviewView } from '@app/contracts';
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useChatText } from '../i18n/chat';
import {
  previewHref,
  previewImageLayout,
  previewImageSrc,
  previewLinkText,
  previewSiteName,
} from '../lib/link-preview';
import { Icon } from './icons';

/**
 * What a linked page says about itself, under the message's text: the site's name, the title (the
 * link, in a new tab without giving it this page; the whole card clicks through to it), the
 * description cut to three lines, and our copy of its picture. All plain text, and the picture is
 * only ever loaded from our own origin: reading a chat never tells the linked site anything.
 * The sender sees a × that takes the preview off for everyone.
 */
export function LinkPreviewCard({
  preview,
  onRemove,
  focusAfterRemoval,
}: {
  preview: LinkPreviewView;
  /** The sender's: takes this preview off the message (errors are shown by the caller). */
  onRemove?: () => Promise<void>;
  /** Where the focus goes when the × had it and the card is gone. */
  focusAfterRemoval: RefObject<HTMLElement | null>;
}) {
  const t = useChatText();
  const [removing, setRemoving] = useState(false);
  const removeButton = useRef<HTMLButtonElement>(null);
  useFocusAfterRemoval(removeButton, focusAfterRemoval);

  const href = previewHref(preview);
  const linkText = previewLinkText(preview);
  const site = previewSiteName(preview);
  const src = previewImageSrc(preview.image, window.location.origin);
  const layout = preview.image && src ? previewImageLayout(preview.image) : null;
  const description = preview.description?.trim();

  return (
    <div
      data-testid="link-preview"
      data-index={preview.index}
      className={`relative mt-2 flex w-72 max-w-full overflow-hidden rounded-md border border-line bg-surface text-left text-ink shadow-sm ${
        layout === 'banner' ? 'flex-col' : 'flex-row'
      }`}
    >
      {src && layout && (
        // Decorative: the title beside it names the page. Its box is fixed before it loads, so
        // the list does not move when it arrives.
        <img
          src={src}
          alt=""
          loading="lazy"
          width={preview.image?.width}
          height={preview.image?.height}
          data-testid="link-preview-image"
          className={
            layout === 'banner'
              ? 'aspect-[1.91/1] w-full bg-subtle object-cover'
              : 'm-2 mr-0 h-16 w-16 shrink-0 self-start rounded bg-subtle object-cover'
          }
        />
      )}
      <div className={`min-w-0 flex-1 space-y-0.5 p-2 text-sm ${onRemove ? 'pr-8' : ''}`}>
        {site && (
          <p data-testid="link-preview-site" className="truncate text-xs font-medium text-muted">
            {site}
          </p>
        )}
        <p className="line-clamp-2 break-words font-semibold leading-snug">
          {href ? (
            <a
              href={href}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="link-preview-title"
              // The card's whole area opens the link; the × sits above it.
              className="text-link after:absolute after:inset-0 hover:underline"
            >
              {linkText}
            </a>
          ) : (
            <span data-testid="link-preview-title">{linkText}</span>
          )}
        </p>
        {description && (
          <p
            data-testid="link-preview-description"
            className="line-clamp-3 break-words text-ink-soft"
          >
            {description}
          </p>
        )}
      </div>
      {onRemove && (
        <button
          ref={removeButton}
          type="button"
          aria-label={t('linkPreview.removeOf', { title: linkText })}
          title={t('linkPreview.remove')}
          // Not `disabled` while it runs: a disabled button loses the focus at once.
          aria-disabled={removing || undefined}
          onClick={() => {
            if (removing) return;
            setRemoving(true);
            void onRemove().finally(() => setRemoving(false));
          }}
          className="absolute right-1 top-1 z-10 rounded-full bg-surface p-1 text-ink-soft shadow-sm hover:bg-subtle-strong aria-disabled:text-muted"
        >
          <Icon name="close" className="h-4 w-4" />
        </button>
      )}
    </div>
  );
}

/**
 * When the × had the focus and its card goes (the removal went through), the focus would drop to
 * the page's start: it goes to `target` (the message) instead.
 */
function useFocusAfterRemoval(
  button: RefObject<HTMLElement | null>,
  target: RefObject<HTMLElement | null>,
): void {
  useLayoutEffect(() => {
    const node = button.current;
    return () => {
      // A layout effect's clean-up runs before its card leaves the page: the focus is still here.
      if (!node || document.activeElement !== node) return;
      requestAnimationFrame(() => {
        const now = document.activeElement;
        if (!now || now === document.body) target.current?.focus();
      });
    };
  }, [button, target]);
}
