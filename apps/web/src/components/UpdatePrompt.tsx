import { useSyncExternalStore } from 'react';
import { applyUpdate, isUpdateWaiting, subscribeToUpdates } from '../offline/app-updates';
import { Button } from './ui';

/**
 * "A new version is available — Reload": a newer version of the app is installed and waits for
 * this click (never taken over silently, which could mix the two versions in one page).
 */
export function UpdatePrompt() {
  const waiting = useSyncExternalStore(subscribeToUpdates, isUpdateWaiting);
  if (!waiting) return null;
  return (
    <div
      role="status"
      data-testid="update-prompt"
      className="fixed inset-x-0 bottom-0 z-50 flex flex-wrap items-center justify-center gap-3 border-t border-line bg-surface px-3 py-2 text-sm text-ink shadow-lg"
    >
      A new version is available.
      <Button onClick={() => void applyUpdate()}>Reload</Button>
    </div>
  );
}
