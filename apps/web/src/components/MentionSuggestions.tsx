import type { MentionName } from '../lib/rich-text';

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
  return (
    <ul
      id="mention-suggestions"
      role="listbox"
      aria-label="Mention someone"
      className="absolute bottom-full left-0 z-20 mb-1 max-h-56 w-64 overflow-y-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg"
    >
      {people.map((person, i) => (
        <li
          key={person.userId}
          role="option"
          aria-selected={i === active}
          // Mouse down, not click: the textarea keeps its focus and caret.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(person);
          }}
          className={`cursor-pointer px-3 py-1.5 text-sm ${i === active ? 'bg-sky-100 text-sky-900' : 'hover:bg-slate-100'}`}
        >
          @{person.name}
        </li>
      ))}
    </ul>
  );
}
