import { useChatText } from '../i18n/chat';
import type { MentionName } from '../lib/rich-text';

/** The id of the `index`th person offered, for the composer's aria-activedescendant. */
export const mentionOptionId = (index: number) => `mention-option-${index}`;

/** The members offered while an `@name` is typed. */
export function MentionSuggestions({
  people,
  active,
  onPick,
}: {
  people: readonly MentionName[];
  active: number;
  onPick: (person: MentionName) => void;
}) {
  const t = useChatText();
  return (
    <ul
      id="mention-suggestions"
      role="listbox"
      aria-label={t('composer.mentionSomeone')}
      className="absolute bottom-full left-0 z-20 mb-1 max-h-56 w-64 max-w-full overflow-y-auto rounded-lg border border-line bg-surface py-1 text-ink shadow-lg"
    >
      {people.map((person, i) => (
        <li
          key={person.userId}
          id={mentionOptionId(i)}
          role="option"
          aria-selected={i === active}
          // Mouse down, not click: the textarea keeps its focus and caret.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(person);
          }}
          className={`cursor-pointer px-3 py-1.5 text-sm ${i === active ? 'bg-selected text-selected-ink' : 'hover:bg-subtle'}`}
        >
          @{person.name}
          {person.handle && (
            <span
              data-testid="handle"
              className={`ml-2 ${i === active ? 'text-selected-ink' : 'text-muted'}`}
            >
              @{person.handle}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
