import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/** The keys that move the focus in a menu, and where each one goes from item `at` of `count`. */
const MOVES: Record<string, (at: number, count: number) => number> = {
  ArrowDown: (at, count) => (at + 1) % count,
  ArrowUp: (at, count) => (at - 1 + count) % count,
  Home: () => 0,
  End: (_at, count) => count - 1,
};

/**
 * A menu of actions (role="menu", as screen readers expect one): its first item has the focus
 * when it opens, the arrows (round the ends), Home and End move it, Tab leaves and closes it.
 * Escape and a press outside are the caller's (useDismiss), which knows what to close.
 */
export function Menu({
  label,
  className,
  onClose,
  children,
}: {
  label: string;
  className: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const items = () => [...(box.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  useEffect(() => items()[0]?.focus(), []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Tab') return onClose();
    const move = MOVES[event.key];
    const list = items();
    if (!move || list.length === 0) return;
    event.preventDefault();
    // The message list walks messages with the same keys: inside a menu they are the menu's.
    event.stopPropagation();
    list[move(list.indexOf(document.activeElement as HTMLElement), list.length)]?.focus();
  };

  return (
    <div ref={box} role="menu" aria-label={label} className={className} onKeyDown={onKeyDown}>
      {children}
    </div>
  );
}

/** One action of a `Menu`: reached by the arrows, not by Tab (only the menu is one Tab stop). */
export function MenuItem({ children, onSelect }: { children: ReactNode; onSelect: () => void }) {
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      className="block w-full px-3 py-2 text-left text-sm outline-offset-[-2px] hover:bg-subtle focus:bg-subtle"
      onClick={onSelect}
    >
      {children}
    </button>
  );
}
