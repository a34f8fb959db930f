import { useSyncExternalStore } from 'react';
import { useCommonText } from '../i18n/i18n';
import { applyUpdate, isUpdateWaiting, subscribeToUpdates } from '../offline/app-updates';
import { Button } from './ui';

/**
 * "A new version is available — Reload": a newer version of the app is installed and waits for
 * this click (never taken over silently, which could mix the two versions in one page).
 */
export function UpdatePrompt() {
  const t = useCommonText();
  const waiting = useSyncExternalStore(subscribeToUpdates, isUpdateWaiting);
  if (!waiting) return null;
  return (
    <div
      role="status"
      data-testid="update-prompt"
      className="flex flex-wrap items-center justify-center gap-3 border-b border-line bg-accent-soft px-3 py-1 text-sm text-ink"
    >
      {t('update.available')}
      <Button onClick={() => void applyUpdate()}>{t('update.reload')}</Button>
    </div>
  );
}
