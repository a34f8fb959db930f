import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * While a popup is open, remembers what had the focus when it opened; once it closes, if the focus
 * went down with it (a picked emoji, a chosen menu item, Escape), it goes back there, or to
 * `fallback` when that is gone too. A press elsewhere keeps the focus where the press put it.
 */
export function useReturnFocus(open: boolean, fallback?: RefObject<HTMLElement | null>): void {
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (!open) return;
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
    return () => {
      const back = opener.current?.isConnected ? opener.current : fallback?.current;
      const restore = () => {
        const now = document.activeElement;
        if (!now || now === document.body) back?.focus();
      };
      // The popup is usually gone from the page by now; if not, it is a frame later.
      restore();
      requestAnimationFrame(restore);
    };
  }, [open, fallback]);
}
