import type { ChatInfo } from '@app/contracts';
import { useChatText } from '../i18n/chat';
import { currentLocale } from '../i18n/format';
import { formatDuration } from '../lib/attachments';
import type { PendingMessage } from '../lib/conversation';
import { FileSummary, fileCardLook } from './FileCard';
import { Icon } from './icons';
import { ReplyQuote } from './ReplyQuote';
import { Button } from './ui';

/**
 * A message of mine not confirmed yet: sending (with its picture, file or voice message and the
 * upload's progress, which Cancel stops), or failed: with a Retry when trying again may work, with
 * the reason alone when the server refused it for good. One this browser could not keep says so.
 */
export function PendingBubble({
  pending,
  chat,
  myId,
  quotedFileName,
  onRetry,
  onDiscard,
}: {
  pending: PendingMessage;
  chat: ChatInfo;
  myId: string;
  /** The name of the file the message it answers carries, where it is held. */
  quotedFileName?: string | null;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const t = useChatText();
  const upload = pending.image ?? pending.file;
  const uploading = upload && upload.progress < 1 && pending.status === 'sending';
  return (
    <div className="flex justify-end">
      <div
        data-testid="pending-message"
        data-status={pending.status}
        // Solid, as sent ones: white on a see-through blue fell under 4.5:1. "Sending…" tells them apart.
        className="max-w-[80%] rounded-lg bg-sky-700 px-3 py-2 text-white shadow-sm"
      >
        {pending.replyTo && (
          <ReplyQuote
            quote={pending.replyTo}
            chat={chat}
            myId={myId}
            mine={true}
            fileName={quotedFileName}
          />
        )}
        {pending.image && (
          <img
            src={pending.image.previewUrl}
            alt={t('message.imageBeingSent')}
            className="max-h-64 w-auto max-w-full rounded"
          />
        )}
        {pending.file && <PendingFile file={pending.file} />}
        {uploading && (
          <div className="mt-1 flex items-center gap-2">
            <progress
              aria-label={t('message.uploadProgress')}
              data-testid="upload-progress"
              className="w-full"
              value={upload.progress}
              max={1}
            />
            {pending.file && (
              <span className="shrink-0 text-[11px] tabular-nums" aria-hidden="true">
                {formatPercent(upload.progress)}
              </span>
            )}
            {/* An upload can take a while on a slow line: it can be stopped, not only waited out. */}
            <Button
              variant="ghost"
              className="!px-2 !py-0 text-[11px] !text-white"
              onClick={onDiscard}
            >
              {t('message.cancel')}
            </Button>
          </div>
        )}
        {pending.text && <p className="whitespace-pre-wrap break-words">{pending.text}</p>}
        {pending.unsaved && (
          <p data-testid="not-kept" className="mt-1 text-[11px] text-sky-100">
            {t('message.notKept')}
          </p>
        )}
        {pending.status === 'sending' ? (
          <p className="mt-1 text-right text-[11px] text-sky-100">{t('message.sending')}</p>
        ) : (
          <div className="mt-1 flex items-center justify-end gap-2 text-[11px]">
            <span role="alert">{t('message.notSent', { reason: pending.error ?? '' })}</span>
            {!pending.refused && (
              <Button variant="ghost" className="!px-2 !py-0 !text-white" onClick={onRetry}>
                {t('message.retry')}
              </Button>
            )}
            <Button variant="ghost" className="!px-2 !py-0 !text-white" onClick={onDiscard}>
              {t('message.discard')}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}

/** "42 %" the way the language shown writes it. */
const formatPercent = (fraction: number) =>
  new Intl.NumberFormat(currentLocale(), { style: 'percent' }).format(
    Math.floor(fraction * 100) / 100,
  );

/** The file or voice message being sent, as its card will show it. */
function PendingFile({ file }: { file: NonNullable<PendingMessage['file']> }) {
  const t = useChatText();
  if (file.durationMs !== undefined) {
    return (
      <p data-testid="pending-voice" className="flex items-center gap-2">
        <Icon name="mic" className="h-4 w-4" />
        <span>{t('message.voiceMessage')}</span>
        <span className="text-xs tabular-nums text-sky-100">{formatDuration(file.durationMs)}</span>
      </p>
    );
  }
  return (
    <div
      data-testid="pending-file"
      className={`mt-1 flex w-72 max-w-full items-center gap-3 rounded-md border p-2 ${fileCardLook(true)}`}
    >
      <FileSummary name={file.name} mimeType={file.file.type} size={file.file.size} mine={true} />
    </div>
  );
}
