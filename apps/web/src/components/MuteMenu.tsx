import { useCallback, useRef, useState } from 'react';
import { Icon } from './icons';
import { useDismiss } from './use-dismiss';
import { Button } from './ui';

const HOUR = 3_600_000;
const CHOICES: ReadonlyArray<{ label: string; hours: number | null }> = [
  { label: 'For 1 hour', hours: 1 },
  { label: 'For 8 hours', hours: 8 },
  { label: 'Until I unmute', hours: null },
];

/** Mute for 1 hour, 8 hours or until unmuted; when muted, the way back. */
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
  const box = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(box, close, open);
  if (muted) {
    const until = mutedUntil
      ? `until ${new Date(mutedUntil).toLocaleString()}`
      : 'until you unmute';
    return (
      <span className="flex items-center gap-1">
        <span title={`Muted ${until}`} className="text-slate-500">
          <Icon name="bell-off" label="Muted" testId="muted-icon" />
        </span>
        <Button variant="ghost" onClick={onUnmute}>
          Unmute
        </Button>
      </span>
    );
  }
  const choose = (until: Date | null) => {
    setOpen(false);
    onMute(until);
  };
  return (
    <div ref={box} className="relative">
      <Button
        variant="ghost"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        Mute
      </Button>
      {open && (
        <div
          role="menu"
          aria-label="Mute notifications"
          className="absolute right-0 top-full z-20 mt-1 w-44 rounded-lg border border-slate-200 bg-white py-1 shadow-lg"
        >
          {CHOICES.map(({ label, hours }) => (
            <button
              key={label}
              type="button"
              role="menuitem"
              onClick={() => choose(hours === null ? null : new Date(Date.now() + hours * HOUR))}
              className="block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100"
            >
              {label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
