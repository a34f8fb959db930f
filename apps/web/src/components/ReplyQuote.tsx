import type { ChatInfo, ReplyQuote as Quote } from '@app/contracts';
import { useChatText } from '../i18n/chat';
import { summaryOf } from '../lib/message-summary';
import { memberName } from '../state/chat-selectors';
import { IconButton } from './ui';

/**
 * What a quote shows of the original: its text; a photo's caption, or "Photo"; "📎 name" or
 * "🎤 Voice message", with the caption.
 */
function quotedText(quote: Quote, fileName: string | null | undefined, photo: string): string {
  if (quote.kind === 'file' || quote.kind === 'voice') {
    return summaryOf(quote.kind, quote.text, fileName);
  }
  return quote.text ?? (quote.kind === 'image' ? photo : '');
}

/** Who and what a reply answers; clicking it scrolls to the original. */
export function ReplyQuote({
  quote,
  chat,
  myId,
  mine,
  fileName,
  onShow,
}: {
  quote: Quote;
  chat: ChatInfo;
  myId: string;
  mine: boolean;
  /** The name of the file the original carries, where it is held. */
  fileName?: string | null;
  onShow?: (seq: number) => void;
}) {
  const t = useChatText();
  const who = quote.senderId === myId ? t('people.you') : memberName(chat, quote.senderId);
  const what = quotedText(quote, fileName, t('preview.photo'));
  const look = mine ? 'border-sky-200 bg-sky-800' : 'border-sky-500 bg-subtle';
  // Named by its visible text, with the rest for screen readers only: an aria-label that did not
  // contain what is shown failed people who speak to click ("label-content-name-mismatch").
  return (
    <button
      type="button"
      data-testid="reply-quote"
      disabled={!onShow}
      onClick={() => onShow?.(quote.seq)}
      className={`mb-1 block w-full rounded border-l-4 px-2 py-1 text-left text-xs ${look}`}
    >
      <span className="sr-only">{t('reply.to')} </span>
      <span className="block font-semibold">{who}</span>
      <span data-testid="quote-text" className="line-clamp-2 block break-words">
        {what}
      </span>
      {onShow && <span className="sr-only">{t('reply.showOriginal')}</span>}
    </button>
  );
}

/** The message being answered, above the composer. */
export function ReplyingTo({
  quote,
  chat,
  myId,
  fileName,
  onCancel,
}: {
  quote: Quote;
  chat: ChatInfo;
  myId: string;
  fileName?: string | null;
  onCancel: () => void;
}) {
  const t = useChatText();
  const who = quote.senderId === myId ? t('reply.yourself') : memberName(chat, quote.senderId);
  return (
    <div
      data-testid="replying-to"
      className="mb-2 flex items-center gap-2 rounded border-l-4 border-sky-500 bg-subtle px-2 py-1 text-sm"
    >
      <span className="min-w-0 flex-1">
        <span className="block text-xs font-semibold text-link">
          {t('reply.replyingTo', { name: who })}
        </span>
        <span className="block truncate text-muted">
          {quotedText(quote, fileName, t('preview.photo'))}
        </span>
      </span>
      <IconButton icon="close" label={t('reply.cancel')} onClick={onCancel} />
    </div>
  );
}
