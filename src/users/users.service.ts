import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import {
  MediaLibrary,
  type OwnUserProfile,
  type DirectoryProfile,
  type PublicUserProfile,
  type UserContact,
} from '@app/contracts';
import { mediaAttachError } from '@app/http';
import { defaultNameFor } from './email';
import { createWithFreeHandle } from './handles';
import {
  DuplicateEmailError,
  DuplicateHandleError,
  UsersRepository,
  type UserAvatar,
  type UserRecord,
} from './persistence/users.repository';
import { decodeUserCursor, encodeUserCursor } from './user-cursor';
import { toDirectoryProfile, toOwnProfile, toPublicProfile } from './users.mapper';

export interface UserPage {
  items: PublicUserProfile[];
  nextCursor: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly media: MediaLibrary,
  ) {}

  async getOwnProfile(userId: string): Promise<OwnUserProfile> {
    return toOwnProfile(await this.require(userId));
  }

  async getPublicProfile(userId: string): Promise<PublicUserProfile> {
    return toPublicProfile(await this.require(userId));
  }

  async getManyDirectoryProfiles(ids: readonly string[]): Promise<DirectoryProfile[]> {
    return (await this.users.findManyByIds(ids)).map(toDirectoryProfile);
  }

  async contactOf(userId: string): Promise<UserContact | null> {
    const user = await this.users.findById(userId);
    return user && { email: user.email, name: user.name };
  }

  async recordLastSeen(userId: string, at: Date): Promise<void> {
    await this.users.touchLastSeen(userId, at);
  }

  async exists(userId: string): Promise<boolean> {
    return (await this.users.findById(userId)) !== null;
  }

  /** `avatarMediaId`: an unused upload of the caller's becomes their avatar; null removes it. */
  async updateProfile(
    userId: string,
    changes: { name?: string; handle?: string; avatarMediaId?: string | null },
  ): Promise<OwnUserProfile> {
    const { avatarMediaId } = changes;
    let avatar: UserAvatar | null | undefined;
    if (avatarMediaId === null) avatar = null;
    else if (avatarMediaId && avatarMediaId !== (await this.require(userId)).avatarMediaId) {
      avatar = await this.claimAvatar(avatarMediaId, userId);
    }
    const updated = await this.users
      .update(userId, { name: changes.name, handle: changes.handle, avatar })
      .catch((error: unknown) => {
        if (error instanceof DuplicateHandleError) {
          throw new ConflictException('That handle is taken: pick another');
        }
        throw error;
      });
    if (!updated) throw userNotFound();
    return toOwnProfile(updated);
  }

  private async claimAvatar(mediaId: string, userId: string): Promise<UserAvatar> {
    const attached = await this.media.attach(mediaId, userId, 'avatar');
    if (!attached.ok) throw mediaAttachError(attached.reason, 'avatarMediaId');
    // The media library gives an avatar nothing but an image; this only tells the compiler so.
    if (attached.kind !== 'image') throw mediaAttachError('not_an_image', 'avatarMediaId');
    const { id, url, thumbnailUrl } = attached.media;
    return { mediaId: id, url, thumbnailUrl };
  }

  /**
   * `search` matches part of a name or the start of a handle (`@ada` or `ada`); containing `@`
   * anywhere but at its start, it matches one exact address.
   */
  async search(
    search: string | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<UserPage> {
    const term = search?.trim() ?? '';
    // "@ada" is the start of a handle; an @ anywhere else makes it an address.
    const handle = /^@[^@]*$/.test(term) ? term.slice(1) : null;
    const rows = await this.users.page({
      ...(handle !== null
        ? { nameContains: handle }
        : term.includes('@')
          ? { email: term.toLowerCase() }
          : { nameContains: term }),
      after: cursor ? decodeUserCursor(cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toPublicProfile),
      nextCursor: rows.length > limit && last ? encodeUserCursor(last) : null,
    };
  }

  /**
   * The account of an address its owner just proved (a sign-in code), created on first sign-in.
   * An account someone registered on it with a password, without that proof, is taken back:
   * `tookBack` says its password was removed, and its other sessions must end. Concurrent first
   * sign-ins still yield one account.
   */
  async signInWithProvenAddress(email: string): Promise<{ user: UserRecord; tookBack: boolean }> {
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (existing.emailProvenAt) return { user: existing, tookBack: false };
      const proven = await this.users.proveEmail(existing.id);
      if (proven) return { user: proven, tookBack: true };
      return { user: (await this.users.findById(existing.id)) ?? existing, tookBack: false };
    }
    try {
      const created = await createWithFreeHandle(this.users, {
        email,
        name: defaultNameFor(email),
        emailProven: true,
      });
      return { user: created, tookBack: false };
    } catch (error) {
      if (!(error instanceof DuplicateEmailError)) throw error;
      // Someone registered the address a moment ago: take that account back as above.
      return this.signInWithProvenAddress(email);
    }
  }

  private async require(userId: string): Promise<UserRecord> {
    const user = await this.users.findById(userId);
    if (!user) throw userNotFound();
    return user;
  }
}

const userNotFound = () => new NotFoundException('User not found');
