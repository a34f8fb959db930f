/** Dark enough for white initials (5:1 or more; the 500 shades were as low as 2.5:1). */
export const AVATAR_COLOURS = [
  'bg-sky-700',
  'bg-emerald-700',
  'bg-amber-700',
  'bg-rose-700',
  'bg-violet-700',
] as const;

/**
 * An avatar's colour, from the user's (or group's) id rather than the name: two people called
 * Ada are usually told apart, and a person keeps their colour after a rename. FNV-1a, so ids
 * that differ in one character still spread over the colours.
 */
export function avatarColour(id: string): (typeof AVATAR_COLOURS)[number] {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return AVATAR_COLOURS[hash % AVATAR_COLOURS.length];
}
