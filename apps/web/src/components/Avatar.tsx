import type { PublicUserProfile } from '@app/contracts';

/** Dark enough for white initials (5:1 or more; the 500 shades were as low as 2.5:1). */
const COLOURS = ['bg-sky-700', 'bg-emerald-700', 'bg-amber-700', 'bg-rose-700', 'bg-violet-700'];

/** The avatar thumbnail, or initials on a colour derived from the name. */
export function Avatar({
  profile,
  name,
  online,
  size = 'md',
}: {
  profile?: PublicUserProfile | null;
  name: string;
  online?: boolean;
  size?: 'sm' | 'md';
}) {
  const box = size === 'sm' ? 'h-8 w-8 text-xs' : 'h-10 w-10 text-sm';
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const colour = COLOURS[[...name].reduce((sum, c) => sum + c.charCodeAt(0), 0) % COLOURS.length];
  return (
    <span className={`relative inline-flex shrink-0 ${box}`}>
      {profile?.avatarThumbnailUrl ? (
        <img
          src={profile.avatarThumbnailUrl}
          alt=""
          className={`${box} rounded-full object-cover`}
        />
      ) : (
        <span
          aria-hidden="true"
          className={`${box} ${colour} inline-flex items-center justify-center rounded-full font-semibold text-white`}
        >
          {initials}
        </span>
      )}
      {online && (
        <span
          data-testid="online-dot"
          role="img"
          aria-label="online"
          className="absolute bottom-0 right-0 h-3 w-3 rounded-full border-2 border-surface bg-emerald-500"
        />
      )}
    </span>
  );
}
