/**
 * What someone typed and did not send, per chat, kept in this browser so that a reload or a
 * closed tab loses nothing. Keyed by person, and all forgotten on signing out (a shared computer
 * keeps nobody's half-written messages).
 */
const PREFIX = 'draft:';

const keyOf = (userId: string, chatId: string) => `${PREFIX}${userId}:${chatId}`;

/** Storage can be missing or refuse (private modes, quota): drafts are then kept for the page only. */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function loadDraft(userId: string, chatId: string): string {
  return storage()?.getItem(keyOf(userId, chatId)) ?? '';
}

export function saveDraft(userId: string, chatId: string, text: string): void {
  try {
    if (text) storage()?.setItem(keyOf(userId, chatId), text);
    else storage()?.removeItem(keyOf(userId, chatId));
  } catch {
    // Full or refused: the draft lives as long as the page.
  }
}

export function forgetAllDrafts(): void {
  const kept = storage();
  if (!kept) return;
  const keys = Array.from({ length: kept.length }, (_, i) => kept.key(i)).filter(
    (key): key is string => key?.startsWith(PREFIX) ?? false,
  );
  keys.forEach((key) => kept.removeItem(key));
}
