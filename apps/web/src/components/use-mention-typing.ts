import { useState, type KeyboardEvent, type RefObject } from 'react';
import {
  insertMention,
  mentionCandidates,
  mentionQueryAt,
  type MentionQuery,
} from '../lib/mention-input';
import { mentionedIds, type MentionName } from '../lib/rich-text';

/**
 * `@` in the composer offers the chat's members; arrows move, Enter or Tab (or a click) picks,
 * Escape closes. Picked people stay mentioned for as long as their `@Name` is in the text.
 */
export function useMentionTyping(
  input: RefObject<HTMLTextAreaElement | null>,
  text: string,
  setText: (text: string) => void,
  members: readonly MentionName[],
) {
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<MentionName[]>([]);
  const candidates = query ? mentionCandidates(members, query.query) : [];
  const open = candidates.length > 0;

  /** After the text or the caret moved: is a mention being typed? */
  const look = (value = text) => {
    const caret = input.current?.selectionStart ?? value.length;
    const next = mentionQueryAt(value, caret);
    if (next?.start !== query?.start || next?.query !== query?.query) setActive(0);
    setQuery(next);
  };

  const pick = (person: MentionName) => {
    if (!query) return;
    const caret = input.current?.selectionStart ?? text.length;
    const result = insertMention(text, query, caret, person.name);
    setText(result.text);
    setPicked((list) => (list.some((p) => p.userId === person.userId) ? list : [...list, person]));
    setQuery(null);
    requestAnimationFrame(() => {
      const box = input.current;
      if (!box) return;
      box.focus();
      // Only if nothing was typed since: a fast typist's next letters must stay where they went.
      if (box.value === result.text) box.setSelectionRange(result.caret, result.caret);
    });
  };

  /** True when the key was the picker's (the composer must not also act on it). */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    const move = (by: number) => setActive((i) => (i + by + candidates.length) % candidates.length);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Enter: () => pick(candidates[active] ?? candidates[0]),
      Tab: () => pick(candidates[active] ?? candidates[0]),
      Escape: () => setQuery(null),
    };
    const run = keys[event.key];
    if (!run || (event.key === 'Enter' && event.shiftKey)) return false;
    event.preventDefault();
    run();
    return true;
  };

  return {
    candidates,
    active,
    open,
    look,
    pick,
    onKeyDown,
    /** The people the text mentions now. */
    mentions: () => mentionedIds(text, picked),
    close: () => setQuery(null),
    reset: () => {
      setPicked([]);
      setQuery(null);
    },
  };
}
