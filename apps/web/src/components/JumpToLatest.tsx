/**
 * While the reader is scrolled up: a way back to the newest message, with how many arrived
 * meanwhile (read out politely to screen readers).
 */
export function JumpToLatest({ arrived, onJump }: { arrived: number; onJump: () => void }) {
  const label = arrived > 0 ? `${arrived} new message${arrived === 1 ? '' : 's'}` : 'Latest';
  return (
    <div className="pointer-events-none relative h-0">
      <button
        type="button"
        data-testid="jump-to-latest"
        aria-live="polite"
        aria-label={`Jump to the latest message${arrived > 0 ? `: ${label}` : ''}`}
        onClick={onJump}
        className="pointer-events-auto absolute bottom-3 right-4 rounded-full bg-sky-700 px-3 py-1.5 text-sm font-medium text-white shadow-md hover:bg-sky-800"
      >
        ↓ {label}
      </button>
    </div>
  );
}
