import type { DirectoryProfile, OwnUserProfile, PublicUserProfile } from '@app/contracts';
import type { UserRecord } from './persistence/users.repository';

/** Profiles and search: no presence (see PublicUserProfile). */
export function toPublicProfile(user: UserRecord): PublicUserProfile {
  return {
    id: user.id,
    name: user.name,
    handle: user.handle,
    avatarUrl: user.avatarUrl,
    avatarThumbnailUrl: user.avatarThumbnailUrl,
  };
}

/** For the user directory port: the chat module's presence decides who sees `lastSeenAt`. */
export function toDirectoryProfile(user: UserRecord): DirectoryProfile {
  return { ...toPublicProfile(user), lastSeenAt: user.lastSeenAt?.toISOString() ?? null };
}

export function toOwnProfile(user: UserRecord): OwnUserProfile {
  return {
    ...toPublicProfile(user),
    email: user.email,
    hasPassword: user.passwordHash !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
