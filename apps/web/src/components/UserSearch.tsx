import type { PublicUserProfile } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api/http';
import { Avatar } from './Avatar';

/** Finds people by name or exact e-mail; `exclude` hides ids already chosen. */
export function UserSearch({
  label,
  onPick,
  exclude = [],
}: {
  label: string;
  onPick: (profile: PublicUserProfile) => void;
  exclude?: readonly string[];
}) {
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
      <label className="block text-sm text-slate-600">
        <span className="sr-only">{label}</span>
        <input
          type="search"
          placeholder={label}
          aria-label={label}
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="w-full rounded-md border border-slate-300 px-3 py-2 focus:border-sky-500 focus:outline-none"
        />
      </label>
      {term && (
        <ul aria-label="People found" className="mt-1 divide-y rounded-md border bg-white">
          {results.isLoading && <li className="p-2 text-sm text-slate-500">Searching…</li>}
          {!results.isLoading && people.length === 0 && (
            <li className="p-2 text-sm text-slate-500">Nobody found</li>
          )}
          {people.map((person) => (
            <li key={person.id}>
              <button
                type="button"
                className="flex w-full items-center gap-2 p-2 text-left hover:bg-slate-100 focus:bg-slate-100 focus:outline-none"
                onClick={() => {
                  onPick(person);
                  setText('');
                }}
              >
                <Avatar profile={person} name={person.name} size="sm" />
                <span>{person.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
