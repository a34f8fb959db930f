import type { PublicUserProfile } from '@app/contracts';
import { useChatText } from '../i18n/chat';
import { avatarColour } from '../lib/avatar-colour';

/** The avatar thumbnail, or initials on a colour derived from the id (`avatarColour`). */
export function Avatar({
  id,
  profile,
  name,
  online,
  size = 'md',
}: {
  /** The person's id (a group's for a group): the colour follows it, not the name. */
  id: string;
  profile?: PublicUserProfile | null;
  name: string;
  online?: boolean;
  size?: 'sm' | 'md';
}) {
  const t = useChatText();
  const box = size === 'sm' ? 'h-8 w-8 text-xs' : 'h-10 w-10 text-sm';
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const colour = avatarColour(id);
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
          aria-label={t('people.online')}
          className="absolute bottom-0 right-0 h-3 w-3 rounded-full border-2 border-surface bg-emerald-500"
        />
      )}
    </span>
  );
}
