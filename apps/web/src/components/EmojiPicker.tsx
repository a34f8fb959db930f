import { useState } from 'react';
import { QUICK_REACTIONS, isSingleEmoji, searchEmoji } from '../lib/emoji';

/**
 * The common reactions, and a search box over more (an emoji typed in it can be picked too).
 * Escape or a press outside closes it (the caller's `useDismiss`).
 */
export function EmojiPicker({
  onPick,
  onClose,
  align,
}: {
  onPick: (emoji: string) => void;
  onClose: () => void;
  align: 'left' | 'right';
}) {
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
  return (
    <div
      role="dialog"
      aria-label="Add a reaction"
      className={`absolute top-full z-20 mt-1 w-64 rounded-lg border border-slate-200 bg-white p-2 text-slate-900 shadow-lg ${align === 'right' ? 'right-0' : 'left-0'}`}
    >
      <div className="mb-2 flex justify-between" aria-label="Common reactions">
        {QUICK_REACTIONS.map((emoji) => (
          <button
            key={emoji}
            type="button"
            aria-label={`React with ${emoji}`}
            className="rounded p-1 text-xl hover:bg-slate-100"
            onClick={() => pick(emoji)}
          >
            {emoji}
          </button>
        ))}
      </div>
      <input
        type="search"
        aria-label="Search emoji"
        placeholder="Search emoji"
        autoFocus
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && found[0]) pick(found[0]);
        }}
        className="mb-2 w-full rounded border border-slate-300 px-2 py-1 text-sm focus:border-sky-500 focus:outline-none"
      />
      <div className="grid max-h-40 grid-cols-8 gap-1 overflow-y-auto" aria-label="Emoji found">
        {found.length === 0 && <p className="col-span-8 text-xs text-slate-500">No emoji found</p>}
        {found.map((emoji) => (
          <button
            key={emoji}
            type="button"
            className="rounded p-0.5 text-lg hover:bg-slate-100"
            onClick={() => pick(emoji)}
          >
            {emoji}
          </button>
        ))}
      </div>
    </div>
  );
}
