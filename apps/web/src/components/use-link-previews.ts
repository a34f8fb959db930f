import { useCallback, useSyncExternalStore } from 'react';
import {
  linkPreviewsShown,
  onLinkPreviewsChange,
  showLinkPreviews,
} from '../lib/link-preview-setting';

/**
 * The "Show link previews" choice of `userId` on this device, and what changes it: every component
 * using it renders again on a change, in this tab or another.
 */
export function useLinkPreviews(userId: string): [boolean, (shown: boolean) => void] {
  const shown = useSyncExternalStore(onLinkPreviewsChange, () => linkPreviewsShown(userId));
  const set = useCallback((wanted: boolean) => showLinkPreviews(userId, wanted), [userId]);
  return [shown, set];
}
