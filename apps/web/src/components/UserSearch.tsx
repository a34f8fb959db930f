import type { PublicUserProfile } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type Ref } from 'react';
import { api } from '../api/http';
import { useChatText } from '../i18n/chat';
import { Avatar } from './Avatar';
import { Handle } from './Handle';
import { INPUT_CLASS } from './ui';

/** Finds people by name, @handle or exact e-mail; `exclude` hides ids already chosen. */
export function UserSearch({
  label,
  onPick,
  exclude = [],
  ref,
}: {
  label: string;
  onPick: (profile: PublicUserProfile) => void;
  exclude?: readonly string[];
  /** The search box, for a caller that puts the focus there. */
  ref?: Ref<HTMLInputElement>;
}) {
  const t = useChatText();
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: ['users', term],
    enabled: term.length > 0,
    queryFn: () =>
      api<{ items: PublicUserProfile[] }>(`/users?search=${encodeURIComponent(term)}&limit=10`),
  });
  const people = (results.data?.items ?? []).filter((p) => !exclude.includes(p.id));
  return (
    <div>
      <input
        ref={ref}
        type="search"
        placeholder={label}
        aria-label={label}
        value={text}
        onChange={(e) => setText(e.target.value)}
        className={INPUT_CLASS}
      />
      {term && (
        <ul
          aria-label={t('search.people')}
          className="mt-1 divide-y divide-line rounded-md border border-line bg-surface"
        >
          {results.isLoading && <li className="p-2 text-sm text-muted">{t('search.searching')}</li>}
          {!results.isLoading && people.length === 0 && (
            <li className="p-2 text-sm text-muted">{t('search.nobody')}</li>
          )}
          {people.map((person) => (
            <li key={person.id}>
              <button
                type="button"
                className="flex w-full items-center gap-2 p-2 text-left outline-offset-[-2px] hover:bg-subtle"
                onClick={() => {
                  onPick(person);
                  setText('');
                }}
              >
                <Avatar id={person.id} profile={person} name={person.name} size="sm" />
                <span className="min-w-0 truncate">{person.name}</span>
                <Handle handle={person.handle} className="truncate" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
