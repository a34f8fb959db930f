import type { ChatInfo } from '@app/contracts';
import type { Tick } from '../lib/ticks';

/** ✓ sent, ✓✓ delivered, ✓✓ in colour read (in a group: by how many). */
export function Ticks({ tick, chat }: { tick: Tick; chat: ChatInfo }) {
  const names = tick.readBy.map(
    (id) => chat.members.find((m) => m.userId === id)?.profile?.name ?? 'Someone',
  );
  const label =
    chat.kind === 'group'
      ? `Read by ${tick.readBy.length} of ${tick.others}${names.length ? `: ${names.join(', ')}` : ''}`
      : { sent: 'Sent', delivered: 'Delivered', read: 'Read' }[tick.state];
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
        <span className="ml-0.5">{tick.readBy.length}</span>
      )}
    </span>
  );
}
