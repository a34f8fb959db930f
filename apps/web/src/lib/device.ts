/**
 * Whether the main pointer can hover (a mouse or a trackpad): there, focusing a text box on its
 * own is a help; on a touch screen it would pop the keyboard up over what was just opened.
 */
export function canHover(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(hover: hover)').matches;
}
