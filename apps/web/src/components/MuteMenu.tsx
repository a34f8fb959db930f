import type { ChatNotifyLevel } from '@app/contracts';
import { useCallback, useContext, useRef, useState } from 'react';
import { ChatNotifyContext } from './chat-notify-context';
import { Menu, MenuItem } from './Menu';
import { useDismiss } from './use-dismiss';
import { useReturnFocus } from './use-return-focus';
import { IconButton } from './ui';

const HOUR = 3_600_000;
const CHOICES: ReadonlyArray<{ label: string; hours: number | null }> = [
  { label: 'For 1 hour', hours: 1 },
  { label: 'For 8 hours', hours: 8 },
  { label: 'Until I unmute', hours: null },
];

/** Which messages of this chat may become a push notification (when not muted). */
const NOTIFY: ReadonlyArray<{ label: string; level: ChatNotifyLevel }> = [
  { label: 'All messages', level: 'all' },
  { label: 'Mentions and replies', level: 'mentions' },
  { label: 'Nothing', level: 'none' },
];

/**
 * Mute for 1 hour, 8 hours or until unmuted; when muted, the way back. Icon buttons (a bell, a
 * struck-out bell), so a phone's header keeps its room for the chat's name. In the open chat the
 * menu also says which messages notify me ("Notify me": all, mentions and replies, nothing).
 */
export function MuteMenu({
  muted,
  mutedUntil,
  onMute,
  onUnmute,
}: {
  muted: boolean;
  mutedUntil: string | null;
  onMute: (until: Date | null) => void;
  onUnmute: () => void;
}) {
  const [open, setOpen] = useState(false);
  const notify = useContext(ChatNotifyContext);
  const box = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(box, close, open);
  useReturnFocus(open);
  if (muted) {
    const until = mutedUntil
      ? `until ${new Date(mutedUntil).toLocaleString()}`
      : 'until you unmute';
    return (
      <span className="shrink-0" data-testid="muted-icon">
        <IconButton
          icon="bell-off"
          label="Unmute"
          title={`Muted ${until}. Unmute`}
          onClick={onUnmute}
        />
      </span>
    );
  }
  const choose = (until: Date | null) => {
    setOpen(false);
    onMute(until);
  };
  return (
    <div ref={box} className="relative shrink-0">
      <IconButton
        icon="bell"
        label="Mute"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      />
      {open && (
        <Menu
          label="Mute notifications"
          onClose={close}
          className="absolute right-0 top-full z-20 mt-1 w-56 rounded-lg border border-line bg-surface py-1 text-ink shadow-lg"
        >
          {CHOICES.map(({ label, hours }) => (
            <MenuItem
              key={label}
              onSelect={() => choose(hours === null ? null : new Date(Date.now() + hours * HOUR))}
            >
              {label}
            </MenuItem>
          ))}
          {notify && (
            <div role="group" aria-label="Notify me" className="mt-1 border-t border-line pt-1">
              <p aria-hidden="true" className="px-3 py-1 text-xs font-medium text-muted">
                Notify me
              </p>
              {NOTIFY.map(({ label, level }) => (
                <MenuItem
                  key={level}
                  onSelect={() => {
                    setOpen(false);
                    notify.choose(level);
                  }}
                >
                  <span aria-hidden="true" className="inline-block w-5">
                    {notify.level === level ? '✓' : ''}
                  </span>
                  {label}
                  {notify.level === level && <span className="sr-only"> (chosen)</span>}
                </MenuItem>
              ))}
            </div>
          )}
        </Menu>
      )}
    </div>
  );
}
