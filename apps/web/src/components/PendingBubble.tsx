import type { ChatInfo } from '@app/contracts';
import { useChatText } from '../i18n/chat';
import type { PendingMessage } from '../lib/conversation';
import { ReplyQuote } from './ReplyQuote';
import { Button } from './ui';

/**
 * A message of mine not confirmed yet: sending (with upload progress), or failed: with a Retry
 * when trying again may work, with the reason alone when the server refused it for good.
 */
export function PendingBubble({
  pending,
  chat,
  myId,
  onRetry,
  onDiscard,
}: {
  pending: PendingMessage;
  chat: ChatInfo;
  myId: string;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const t = useChatText();
  return (
    <div className="flex justify-end">
      <div
        data-testid="pending-message"
        data-status={pending.status}
        // Solid, as sent ones: white on a see-through blue fell under 4.5:1. "Sending…" tells them apart.
        className="max-w-[80%] rounded-lg bg-sky-700 px-3 py-2 text-white shadow-sm"
      >
        {pending.replyTo && (
          <ReplyQuote quote={pending.replyTo} chat={chat} myId={myId} mine={true} />
        )}
        {pending.image && (
          <>
            <img
              src={pending.image.previewUrl}
              alt={t('message.imageBeingSent')}
              className="max-h-64 w-auto max-w-full rounded"
            />
            {pending.image.progress < 1 && pending.status === 'sending' && (
              <div className="mt-1 flex items-center gap-2">
                <progress
                  aria-label={t('message.uploadProgress')}
                  className="w-full"
                  value={pending.image.progress}
                  max={1}
                />
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
          </>
        )}
        {pending.text && <p className="whitespace-pre-wrap break-words">{pending.text}</p>}
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
