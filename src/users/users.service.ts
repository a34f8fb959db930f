import { Injectable, NotFoundException } from '@nestjs/common';
import type { OwnUserProfile, PublicUserProfile, UserContact } from '@app/contracts';
import { defaultNameFor } from './email';
import {
  DuplicateEmailError,
  UsersRepository,
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
  constructor(private readonly users: UsersRepository) {}

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

  async updateProfile(userId: string, changes: { name?: string }): Promise<OwnUserProfile> {
    const updated = await this.users.update(userId, changes);
    if (!updated) throw userNotFound();
    return toOwnProfile(updated);
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
