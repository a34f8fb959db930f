import type { ChatNotifyLevel } from '@app/contracts';
import { useCallback, useContext, useRef, useState } from 'react';
import { useChatText } from '../i18n/chat';
import { formatDay, formatTime } from '../i18n/format';
import { ChatNotifyContext } from './chat-notify-context';
import { Menu, MenuItem } from './Menu';
import { useDismiss } from './use-dismiss';
import { useReturnFocus } from './use-return-focus';
import { IconButton } from './ui';

const HOUR = 3_600_000;
/** How long a mute lasts, in hours; null: until unmuted. */
const CHOICES: ReadonlyArray<number | null> = [1, 8, null];

/** Which messages of this chat may become a push notification (when not muted). */
const NOTIFY = [
  { label: 'mute.all', level: 'all' },
  { label: 'mute.mentions', level: 'mentions' },
  { label: 'mute.none', level: 'none' },
] as const satisfies ReadonlyArray<{ label: string; level: ChatNotifyLevel }>;

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
  const t = useChatText();
  const [open, setOpen] = useState(false);
  const notify = useContext(ChatNotifyContext);
  const box = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(box, close, open);
  useReturnFocus(open);
  if (muted) {
    const until = mutedUntil ? new Date(mutedUntil) : null;
    const title = until
      ? t('mute.mutedUntil', { date: formatDay(until, new Date()), time: formatTime(until) })
      : t('mute.mutedUntilUnmuted');
    return (
      <span className="shrink-0" data-testid="muted-icon">
        <IconButton icon="bell-off" label={t('mute.unmute')} title={title} onClick={onUnmute} />
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
        label={t('mute.mute')}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      />
      {open && (
        <Menu
          label={t('mute.menu')}
          onClose={close}
          className="absolute right-0 top-full z-20 mt-1 w-56 rounded-lg border border-line bg-surface py-1 text-ink shadow-lg"
        >
          {CHOICES.map((hours) => (
            <MenuItem
              key={hours ?? 'unmuted'}
              onSelect={() => choose(hours === null ? null : new Date(Date.now() + hours * HOUR))}
            >
              {hours === null ? t('mute.untilUnmuted') : t('mute.forHours', { count: hours })}
            </MenuItem>
          ))}
          {notify && (
            <div
              role="group"
              aria-label={t('mute.notifyMe')}
              className="mt-1 border-t border-line pt-1"
            >
              <p aria-hidden="true" className="px-3 py-1 text-xs font-medium text-muted">
                {t('mute.notifyMe')}
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
                  {t(label)}
                  {notify.level === level && <span className="sr-only">{t('mute.chosen')}</span>}
                </MenuItem>
              ))}
            </div>
          )}
        </Menu>
      )}
    </div>
  );
}
