import type { ChatInfo, ReactionView } from '@app/contracts';
import { useChatText } from '../i18n/chat';
import { formatList, formatNumber } from '../i18n/format';

/** One chip per emoji with its count; mine stand out; clicking a chip puts mine on or off. */
export function ReactionChips({
  reactions,
  chat,
  myId,
  onToggle,
}: {
  reactions: readonly ReactionView[];
  chat: ChatInfo;
  myId: string;
  onToggle: (emoji: string) => void;
}) {
  const t = useChatText();
  const shown = reactions.filter((r) => r.userIds.length > 0);
  if (shown.length === 0) return null;
  const nameOf = (id: string) =>
    id === myId
      ? t('reactions.you')
      : (chat.members.find((m) => m.userId === id)?.profile?.name ?? t('reactions.someone'));
  return (
    <div role="group" aria-label={t('reactions.label')} className="mt-1 flex flex-wrap gap-1">
      {shown.map((reaction) => {
        const mine = reaction.userIds.includes(myId);
        const names = reaction.userIds.map(nameOf);
        const count = names.length;
        const who = formatList(names);
        return (
          <button
            key={reaction.emoji}
            type="button"
            data-testid="reaction"
            data-emoji={reaction.emoji}
            aria-pressed={mine}
            aria-label={t('reactions.chip', { emoji: reaction.emoji, count, names })}
            title={who}
            onClick={() => onToggle(reaction.emoji)}
            className={`rounded-full border px-2 text-sm leading-6 ${
              mine
                ? 'border-sky-500 bg-selected text-selected-ink'
                : 'border-line bg-surface text-ink-soft hover:bg-subtle'
            }`}
          >
            {reaction.emoji} <span className="text-xs">{formatNumber(count)}</span>
          </button>
        );
      })}
    </div>
  );
}
