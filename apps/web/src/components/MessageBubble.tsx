import type { ChatInfo, ChatMessage } from '@app/contracts';
import type { PendingMessage } from '../lib/conversation';
import { timeOf } from '../lib/days';
import { tickFor, type Tick } from '../lib/ticks';
import type { ChatState } from '../state/chat-state';
import { describeSystemEvent } from './system-text';
import { Button } from './ui';

export function MessageBubble({
  state,
  chat,
  message,
  onView,
}: {
  state: ChatState;
  chat: ChatInfo;
  message: ChatMessage;
  onView: (image: { url: string; alt: string }) => void;
}) {
  if (message.kind === 'system') {
    return (
      <p className="py-1 text-center text-xs text-slate-500" data-testid="system-message">
        {describeSystemEvent(state, chat, message.system)}
      </p>
    );
  }
  const mine = message.senderId === state.me.id;
  const sender =
    chat.members.find((m) => m.userId === message.senderId)?.profile?.name ?? 'Someone';
  const tick = mine ? tickFor(message, state.me.id, chat.members) : null;
  return (
    <div className={`flex ${mine ? 'justify-end' : 'justify-start'}`}>
      <div
        data-testid="message"
        data-seq={message.seq}
        className={`max-w-[80%] rounded-lg px-3 py-2 shadow-sm ${mine ? 'bg-sky-600 text-white' : 'bg-white'}`}
      >
        {!mine && chat.kind === 'group' && (
          <p className="text-xs font-semibold text-sky-700">{sender}</p>
        )}
        {message.media && (
          <button
            type="button"
            className="block"
            onClick={() =>
              onView({ url: message.media!.url, alt: message.text ?? `Image from ${sender}` })
            }
          >
            <img
              src={message.media.thumbnailUrl}
              alt={message.text ?? `Image from ${mine ? 'you' : sender}`}
              width={message.media.width}
              height={message.media.height}
              loading="lazy"
              className="max-h-64 w-auto max-w-full rounded"
            />
          </button>
        )}
        {/* Plain text: React escapes it; the server never sends HTML. */}
        {message.text && <p className="whitespace-pre-wrap break-words">{message.text}</p>}
        <p className={`mt-1 text-right text-[11px] ${mine ? 'text-sky-100' : 'text-slate-400'}`}>
          {timeOf(message.createdAt)}
          {tick && <Ticks tick={tick} chat={chat} />}
        </p>
      </div>
    </div>
  );
}

function Ticks({ tick, chat }: { tick: Tick; chat: ChatInfo }) {
  const names = tick.readBy.map(
    (id) => chat.members.find((m) => m.userId === id)?.profile?.name ?? 'Someone',
  );
  const label =
    chat.kind === 'group'
      ? `Read by ${tick.readBy.length} of ${tick.others}${names.length ? `: ${names.join(', ')}` : ''}`
      : { sent: 'Sent', delivered: 'Delivered', read: 'Read' }[tick.state];
  return (
    <span
      data-testid="tick"
      data-state={tick.state}
      title={label}
      aria-label={label}
      className={`ml-1 ${tick.state === 'read' ? 'font-bold text-emerald-300' : ''}`}
    >
      {tick.state === 'sent' ? '✓' : '✓✓'}
      {chat.kind === 'group' && tick.readBy.length > 0 && tick.state !== 'read' && (
        <span className="ml-0.5">{tick.readBy.length}</span>
      )}
    </span>
  );
}

export function PendingBubble({
  pending,
  onRetry,
  onDiscard,
}: {
  pending: PendingMessage;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  return (
    <div className="flex justify-end">
      <div
        data-testid="pending-message"
        data-status={pending.status}
        className="max-w-[80%] rounded-lg bg-sky-600/70 px-3 py-2 text-white shadow-sm"
      >
        {pending.image && (
          <>
            <img
              src={pending.image.previewUrl}
              alt="Image being sent"
              className="max-h-64 w-auto max-w-full rounded"
            />
            {pending.image.progress < 1 && pending.status === 'sending' && (
              <progress
                aria-label="Upload progress"
                className="mt-1 w-full"
                value={pending.image.progress}
                max={1}
              />
            )}
          </>
        )}
        {pending.text && <p className="whitespace-pre-wrap break-words">{pending.text}</p>}
        {pending.status === 'sending' ? (
          <p className="mt-1 text-right text-[11px] text-sky-100">Sending…</p>
        ) : (
          <div className="mt-1 flex items-center justify-end gap-2 text-[11px]">
            <span role="alert">Not sent: {pending.error}</span>
            <Button variant="ghost" className="!px-2 !py-0 text-white" onClick={onRetry}>
              Retry
            </Button>
            <Button variant="ghost" className="!px-2 !py-0 text-white" onClick={onDiscard}>
              Discard
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
