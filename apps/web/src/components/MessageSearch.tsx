import type { ChatMessage } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, describeError } from '../api/http';
import { highlightHits } from '../lib/search-highlight';
import { timeOf } from '../lib/days';
import { chatTitle, currentResults, memberName } from '../state/chat-selectors';
import type { ChatState } from '../state/chat-state';

/**
 * Searches the messages of all my chats, or of one: each result with its chat, sender and the
 * words found highlighted; picking one opens the conversation at that message.
 */
export function MessageSearch({
  state,
  label,
  chatId,
  autoFocus = false,
  onOpen,
}: {
  state: ChatState;
  label: string;
  /** Only this chat. */
  chatId?: string;
  autoFocus?: boolean;
  onOpen: (chatId: string, seq: number) => void;
}) {
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: ['message-search', term, chatId ?? null],
    enabled: term.length > 0,
    staleTime: 0,
    queryFn: () =>
      api<{ items: ChatMessage[] }>(
        `/messages/search?q=${encodeURIComponent(term)}&limit=20${chatId ? `&chatId=${chatId}` : ''}`,
      ),
  });
  // A result read before an edit or a deletion the store has since applied shows as it is now.
  const found = currentResults(state, results.data?.items ?? []);
  return (
    <div>
      <input
        type="search"
        placeholder={label}
        aria-label={label}
        autoFocus={autoFocus}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setText('')}
        className="w-full rounded-md border border-slate-300 px-3 py-2 focus:border-sky-500 focus:outline-none"
      />
      {term && (
        <ul
          aria-label="Messages found"
          className="mt-1 max-h-80 divide-y overflow-y-auto rounded-md border bg-white"
        >
          {results.isLoading && <li className="p-2 text-sm text-slate-500">Searching…</li>}
          {results.isError && (
            <li role="alert" className="p-2 text-sm text-red-700">
              {describeError(results.error)}
            </li>
          )}
          {results.isSuccess && found.length === 0 && (
            <li className="p-2 text-sm text-slate-500">No messages found</li>
          )}
          {found.map((message) => {
            const chat = state.chats[message.chatId];
            return (
              <li key={message.id}>
                <button
                  type="button"
                  data-testid="search-result"
                  className="block w-full p-2 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 focus:outline-none"
                  onClick={() => {
                    onOpen(message.chatId, message.seq);
                    setText('');
                    setTerm('');
                  }}
                >
                  <span className="flex justify-between gap-2 text-xs text-slate-500">
                    <span className="truncate font-semibold text-slate-700">
                      {chatTitle(state, chat)}
                    </span>
                    <span className="shrink-0">{timeOf(message.createdAt)}</span>
                  </span>
                  <span className="block break-words">
                    <span className="text-slate-500">
                      {message.senderId === state.me.id
                        ? 'You'
                        : memberName(chat, message.senderId)}
                      :{' '}
                    </span>
                    {highlightHits(message.text ?? '', term).map((piece, i) =>
                      piece.hit ? (
                        <mark key={i} className="rounded bg-amber-200 px-0.5">
                          {piece.text}
                        </mark>
                      ) : (
                        <span key={i}>{piece.text}</span>
                      ),
                    )}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
