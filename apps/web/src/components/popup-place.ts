/**
 * Where a message's popups show: on a phone, a sheet along the bottom of the screen (a popup under
 * a message ran off the screen's edge and dragged the conversation sideways); from `md` up, under
 * the message's "⋯" button, on the side where the message has room.
 */
export function popupPlace(align: 'left' | 'right', width: string): string {
  return [
    'fixed inset-x-0 bottom-0 z-30 max-h-[70vh] overflow-y-auto rounded-t-xl border-t border-line bg-surface text-ink shadow-lg',
    'md:absolute md:inset-x-auto md:bottom-auto md:top-full md:mt-1 md:max-h-none md:overflow-visible md:rounded-lg md:border',
    width,
    align === 'right' ? 'md:right-0' : 'md:left-0',
  ].join(' ');
}
