import type { ChatInfo, ChatMessage } from '@app/contracts';
import { parseMessageText, type MentionName } from '../lib/rich-text';

/** The people a message mentions, with the names they have in this chat. */
export function mentionNames(chat: ChatInfo, ids: readonly string[]): MentionName[] {
  return ids.flatMap((userId) => {
    const profile = chat.members.find((m) => m.userId === userId)?.profile;
    return profile?.name ? [{ userId, name: profile.name, handle: profile.handle }] : [];
  });
}

/**
 * A message's text: plain text, with http(s) links clickable (in a new tab, without giving it
 * this page) and mentions highlighted, mine more. React renders every piece as text: nothing in a
 * message can become markup.
 */
export function MessageText({
  message,
  chat,
  myId,
  mine,
}: {
  message: ChatMessage;
  chat: ChatInfo;
  myId: string;
  /** On my own (dark) bubble. */
  mine: boolean;
}) {
  if (!message.text) return null;
  const pieces = parseMessageText(message.text, mentionNames(chat, message.mentions ?? []));
  return (
    <p className="whitespace-pre-wrap break-words">
      {pieces.map((piece, i) => {
        if (piece.type === 'link') {
          return (
            <a
              key={i}
              href={piece.href}
              target="_blank"
              rel="noopener noreferrer"
              className={`underline ${mine ? 'text-white' : 'text-link'}`}
            >
              {piece.text}
            </a>
          );
        }
        if (piece.type === 'mention') {
          const me = piece.userId === myId;
          return (
            <span
              key={i}
              data-testid="mention"
              data-me={me ? 'true' : undefined}
              className={
                me
                  ? 'rounded bg-mark px-0.5 font-semibold text-warn-ink'
                  : `font-semibold ${mine ? 'text-sky-100' : 'text-link'}`
              }
            >
              {piece.text}
            </span>
          );
        }
        return <span key={i}>{piece.text}</span>;
      })}
    </p>
  );
}
