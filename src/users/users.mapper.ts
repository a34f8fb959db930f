import type { OwnUserProfile, PublicUserProfile } from '@app/contracts';
import type { UserRecord } from './persistence/users.repository';

export function toPublicProfile(user: UserRecord): PublicUserProfile {
  return {
    id: user.id,
    name: user.name,
    avatarUrl: user.avatarUrl,
    avatarThumbnailUrl: user.avatarThumbnailUrl,
    lastSeenAt: user.lastSeenAt?.toISOString() ?? null,
  };
}

export function toOwnProfile(user: UserRecord): OwnUserProfile {
  return {
    ...toPublicProfile(user),
    email: user.email,
    hasPassword: user.passwordHash !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
