/**
 * "Show link previews": each person's own choice, kept in this browser (like the language), on
 * unless they turn it off. Only "off" is stored, so a person who never touched it follows the
 * default. Every part of the page that shows previews listens, and so do the app's other tabs
 * (the browser's `storage` event).
 */
const PREFIX = 'chat.linkPreviews:';
const OFF = 'off';

const keyOf = (userId: string) => `${PREFIX}${userId}`;

/** The choice for this page when storage is missing or refuses (private modes, quota). */
const remembered = new Map<string, boolean>();
const listeners = new Set<() => void>();

/** Storage can be missing or refuse: the choice then lasts as long as the page. */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Whether `userId` sees link previews on this device. */
export function linkPreviewsShown(userId: string): boolean {
  const page = remembered.get(userId);
  if (page !== undefined) return page;
  try {
    return storage()?.getItem(keyOf(userId)) !== OFF;
  } catch {
    return true;
  }
}

/** Shows or hides link previews for `userId` on this device, from now on. */
export function showLinkPreviews(userId: string, shown: boolean): void {
  try {
    const kept = storage();
    if (!kept) throw new Error('no storage');
    if (shown) kept.removeItem(keyOf(userId));
    else kept.setItem(keyOf(userId), OFF);
    remembered.delete(userId);
  } catch {
    remembered.set(userId, shown);
  }
  listeners.forEach((listener) => listener());
}

/** Calls `listener` after a change, here or in another tab; gives back what stops it. */
export function onLinkPreviewsChange(listener: () => void): () => void {
  listeners.add(listener);
  const fromOtherTab = (event: StorageEvent) => {
    // `key` is null when another tab cleared the whole storage.
    if (event.key === null || event.key.startsWith(PREFIX)) listener();
  };
  const target = typeof window === 'undefined' ? null : window;
  target?.addEventListener('storage', fromOtherTab);
  return () => {
    listeners.delete(listener);
    target?.removeEventListener('storage', fromOtherTab);
  };
}
