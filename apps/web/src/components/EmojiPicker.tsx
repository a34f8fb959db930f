import { useState } from 'react';
import { useChatText } from '../i18n/chat';
import { canHover } from '../lib/device';
import { QUICK_REACTIONS, isSingleEmoji, searchEmoji } from '../lib/emoji';
import { INPUT_CLASS } from './ui';

/**
 * The common reactions, and a search box over more (an emoji typed in it can be picked too).
 * Escape or a press outside closes it (the caller's `useDismiss`). Loaded only when opened: the
 * emoji list is its own chunk.
 */
export function EmojiPicker({
  onPick,
  onClose,
  className,
}: {
  onPick: (emoji: string) => void;
  onClose: () => void;
  /** Where it shows (a sheet on a phone, a popup on wider screens). */
  className: string;
}) {
  const t = useChatText();
  const [query, setQuery] = useState('');
  const typed = query.trim();
  const quick: readonly string[] = QUICK_REACTIONS;
  const found = !typed
    ? searchEmoji('').filter((e) => !quick.includes(e))
    : isSingleEmoji(typed)
      ? [typed]
      : searchEmoji(typed);
  const pick = (emoji: string) => {
    onPick(emoji);
    onClose();
  };
  const emojiButton = 'rounded hover:bg-subtle';
  return (
    <div role="dialog" aria-label={t('reactions.add')} className={`p-2 ${className}`}>
      <div role="group" aria-label={t('reactions.common')} className="mb-2 flex justify-between">
        {QUICK_REACTIONS.map((emoji) => (
          <button
            key={emoji}
            type="button"
            aria-label={t('reactions.reactWith', { emoji })}
            className={`p-1 text-xl ${emojiButton}`}
            onClick={() => pick(emoji)}
          >
            {emoji}
          </button>
        ))}
      </div>
      <input
        type="search"
        aria-label={t('reactions.search')}
        placeholder={t('reactions.search')}
        autoFocus={canHover()}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && found[0]) pick(found[0]);
        }}
        className={`mb-2 ${INPUT_CLASS}`}
      />
      <div
        role="group"
        aria-label={t('reactions.found')}
        className="grid max-h-40 grid-cols-8 gap-1 overflow-y-auto"
      >
        {found.length === 0 && (
          <p className="col-span-8 text-xs text-muted">{t('reactions.none')}</p>
        )}
        {found.map((emoji) => (
          <button
            key={emoji}
            type="button"
            className={`p-0.5 text-lg ${emojiButton}`}
            onClick={() => pick(emoji)}
          >
            {emoji}
          </button>
        ))}
      </div>
    </div>
  );
}
