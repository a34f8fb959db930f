import { useChatText } from '../i18n/chat';

/**
 * While the reader is scrolled up: a way back to the newest message, with how many arrived
 * meanwhile (read out politely to screen readers).
 */
export function JumpToLatest({ arrived, onJump }: { arrived: number; onJump: () => void }) {
  const t = useChatText();
  const label =
    arrived > 0 ? t('conversation.arrived', { count: arrived }) : t('conversation.latest');
  return (
    <div className="pointer-events-none relative h-0">
      <button
        type="button"
        data-testid="jump-to-latest"
        aria-live="polite"
        aria-label={
          arrived > 0
            ? t('conversation.jumpToLatestWith', { arrived: label })
            : t('conversation.jumpToLatest')
        }
        onClick={onJump}
        className="pointer-events-auto absolute bottom-3 right-4 rounded-full bg-sky-700 px-3 py-1.5 text-sm font-medium text-white shadow-md hover:bg-sky-800"
      >
        ↓ {label}
      </button>
    </div>
  );
}
