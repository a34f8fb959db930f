import type { ChatInfo } from '@app/contracts';
import { useChatText } from '../i18n/chat';
import { formatNumber } from '../i18n/format';
import type { Tick } from '../lib/ticks';

/** ✓ sent, ✓✓ delivered, ✓✓ in colour read (in a group: by how many). */
export function Ticks({ tick, chat }: { tick: Tick; chat: ChatInfo }) {
  const t = useChatText();
  const names = tick.readBy.map(
    (id) => chat.members.find((m) => m.userId === id)?.profile?.name ?? t('people.someone'),
  );
  const counts = { read: tick.readBy.length, others: tick.others };
  const label =
    chat.kind !== 'group'
      ? t(`ticks.${tick.state}`)
      : names.length
        ? t('ticks.readByNames', { ...counts, names })
        : t('ticks.readBy', counts);
  return (
    // role="img": a plain span may not carry a name; emerald-200 on sky-700 is 4.6:1.
    <span
      data-testid="tick"
      data-state={tick.state}
      role="img"
      title={label}
      aria-label={label}
      className={`ml-1 ${tick.state === 'read' ? 'font-bold text-emerald-200' : ''}`}
    >
      {tick.state === 'sent' ? '✓' : '✓✓'}
      {chat.kind === 'group' && tick.readBy.length > 0 && tick.state !== 'read' && (
        <span className="ml-0.5">{formatNumber(tick.readBy.length)}</span>
      )}
    </span>
  );
}
