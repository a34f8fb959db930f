import { Injectable, NotFoundException } from '@nestjs/common';
import {
  MediaLibrary,
  type OwnUserProfile,
  type PublicUserProfile,
  type UserContact,
} from '@app/contracts';
import { mediaAttachError } from '@app/http';
import { defaultNameFor } from './email';
import {
  DuplicateEmailError,
  UsersRepository,
  type UserAvatar,
  type UserRecord,
} from './persistence/users.repository';
import { decodeUserCursor, encodeUserCursor } from './user-cursor';
import { toOwnProfile, toPublicProfile } from './users.mapper';

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

  async getManyPublicProfiles(ids: readonly string[]): Promise<PublicUserProfile[]> {
    return (await this.users.findManyByIds(ids)).map(toPublicProfile);
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
    changes: { name?: string; avatarMediaId?: string | null },
  ): Promise<OwnUserProfile> {
    const { avatarMediaId } = changes;
    let avatar: UserAvatar | null | undefined;
    if (avatarMediaId === null) avatar = null;
    else if (avatarMediaId && avatarMediaId !== (await this.require(userId)).avatarMediaId) {
      avatar = await this.claimAvatar(avatarMediaId, userId);
    }
    const updated = await this.users.update(userId, { name: changes.name, avatar });
    if (!updated) throw userNotFound();
    return toOwnProfile(updated);
  }

  private async claimAvatar(mediaId: string, userId: string): Promise<UserAvatar> {
    const attached = await this.media.attach(mediaId, userId, 'avatar');
    if (!attached.ok) throw mediaAttachError(attached.reason, 'avatarMediaId');
    const { id, url, thumbnailUrl } = attached.media;
    return { mediaId: id, url, thumbnailUrl };
  }

  /** `search` containing `@` matches one exact address; anything else matches names. */
  async search(
    search: string | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<UserPage> {
    const term = search?.trim() ?? '';
    const rows = await this.users.page({
      ...(term.includes('@') ? { email: term.toLowerCase() } : { nameContains: term }),
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

  /** First sign-in by code creates the account; concurrent first sign-ins still yield one account. */
  async findOrCreateByEmail(email: string): Promise<UserRecord> {
    const existing = await this.users.findByEmail(email);
    if (existing) return existing;
    try {
      return await this.users.create({ email, name: defaultNameFor(email) });
    } catch (error) {
      if (!(error instanceof DuplicateEmailError)) throw error;
      return (await this.users.findByEmail(email)) ?? Promise.reject(error);
    }
  }

  private async require(userId: string): Promise<UserRecord> {
    const user = await this.users.findById(userId);
    if (!user) throw userNotFound();
    return user;
  }
}

const userNotFound = () => new NotFoundException('User not found');
