import type { ChatMessage } from '@app/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, describeError } from '../api/http';
import { useChatText } from '../i18n/chat';
import { highlightHits } from '../lib/search-highlight';
import { timeOf } from '../lib/days';
import { chatTitle, currentResults, memberName } from '../state/chat-selectors';
import type { ChatState } from '../state/chat-state';
import { INPUT_CLASS } from './ui';

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
  const t = useChatText();
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
        className={INPUT_CLASS}
      />
      {term && (
        <ul
          aria-label={t('search.results')}
          className="mt-1 max-h-80 divide-y divide-line overflow-y-auto rounded-md border border-line bg-surface"
        >
          {results.isLoading && <li className="p-2 text-sm text-muted">{t('search.searching')}</li>}
          {results.isError && (
            <li role="alert" className="p-2 text-sm text-danger">
              {describeError(results.error)}
            </li>
          )}
          {results.isSuccess && found.length === 0 && (
            <li className="p-2 text-sm text-muted">{t('search.noMessages')}</li>
          )}
          {found.map((message) => {
            const chat = state.chats[message.chatId];
            return (
              <li key={message.id}>
                <button
                  type="button"
                  data-testid="search-result"
                  className="block w-full p-2 text-left text-sm outline-offset-[-2px] hover:bg-subtle"
                  onClick={() => {
                    onOpen(message.chatId, message.seq);
                    setText('');
                    setTerm('');
                  }}
                >
                  <span className="flex justify-between gap-2 text-xs text-muted">
                    <span className="truncate font-semibold text-ink-soft">
                      {chatTitle(state, chat)}
                    </span>
                    <span className="shrink-0">{timeOf(message.createdAt)}</span>
                  </span>
                  <span className="block break-words">
                    <span className="text-muted">
                      {t('search.from', {
                        name:
                          message.senderId === state.me.id
                            ? t('people.you')
                            : memberName(chat, message.senderId),
                      })}{' '}
                    </span>
                    {highlightHits(message.text ?? '', term).map((piece, i) =>
                      piece.hit ? (
                        <mark key={i} className="rounded bg-mark px-0.5 text-ink">
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
