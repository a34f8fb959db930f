import type { Connection, Model, QueryFilter } from 'mongoose';
import { isDuplicateKey, modelWithIndexes, newId } from '@app/database';
import { UserSchema, type UserDocument } from './user.schema';
import {
  DuplicateEmailError,
  DuplicateHandleError,
  UsersRepository,
  type NewUser,
  type UserChanges,
  type UserPageQuery,
  type UserRecord,
} from '../users.repository';

/** `UsersRepository` over MongoDB (Mongoose): each method does what its SQL counterpart does. */
export class MongoUsersRepository extends UsersRepository {
  private constructor(private readonly users: Model<UserDocument>) {
    super();
  }

  static async create(connection: Connection): Promise<MongoUsersRepository> {
    return new MongoUsersRepository(await modelWithIndexes(connection, 'User', UserSchema));
  }

  async create(user: NewUser): Promise<UserRecord> {
    const now = new Date();
    const document: UserDocument = {
      _id: newId(),
      email: user.email,
      name: user.name,
      handle: user.handle,
      nameLower: user.name.toLowerCase(),
      avatarMediaId: null,
      avatarUrl: null,
      avatarThumbnailUrl: null,
      passwordHash: user.passwordHash ?? null,
      emailProvenAt: user.emailProven ? now : null,
      createdAt: now,
      updatedAt: now,
      lastSeenAt: null,
    };
    try {
      await this.users.create(document);
    } catch (error) {
      if (isDuplicateKey(error, 'users_email_unique')) throw new DuplicateEmailError(user.email);
      if (isDuplicateKey(error, 'users_handle_unique')) throw new DuplicateHandleError(user.handle);
      throw error;
    }
    return toRecord(document);
  }

  /**
   * `emailProvenAt: null` also matches documents written before the field existed: such an
   * account made by a sign-in code had no password to remove, so proving it again changes nothing
   * but the date (and ends its other sessions once).
   */
  async proveEmail(id: string): Promise<UserRecord | null> {
    const now = new Date();
    const updated = await this.users
      .findOneAndUpdate(
        { _id: id, emailProvenAt: null },
        { $set: { emailProvenAt: now, passwordHash: null, updatedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<UserDocument>()
      .exec();
    return updated ? toRecord(updated) : null;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const found = await this.users.findById(id).lean<UserDocument>().exec();
    return found ? toRecord(found) : null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const found = await this.users.findOne({ email }).lean<UserDocument>().exec();
    return found ? toRecord(found) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const found = await this.users
      .find({ _id: { $in: [...new Set(ids)] } })
      .lean<UserDocument[]>()
      .exec();
    return found.map(toRecord);
  }

  async update(id: string, changes: UserChanges): Promise<UserRecord | null> {
    const set: Partial<UserDocument> = { updatedAt: new Date() };
    if (changes.name !== undefined) {
      set.name = changes.name;
      set.nameLower = changes.name.toLowerCase();
    }
    if (changes.handle !== undefined) set.handle = changes.handle;
    if (changes.passwordHash !== undefined) set.passwordHash = changes.passwordHash;
    if (changes.avatar !== undefined) {
      set.avatarMediaId = changes.avatar?.mediaId ?? null;
      set.avatarUrl = changes.avatar?.url ?? null;
      set.avatarThumbnailUrl = changes.avatar?.thumbnailUrl ?? null;
    }
    try {
      const updated = await this.users
        .findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' })
        .lean<UserDocument>()
        .exec();
      return updated ? toRecord(updated) : null;
    } catch (error) {
      if (changes.handle && isDuplicateKey(error, 'users_handle_unique')) {
        throw new DuplicateHandleError(changes.handle);
      }
      throw error;
    }
  }

  async touchLastSeen(id: string, at: Date): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { lastSeenAt: at } }).exec();
  }

  async page(query: UserPageQuery): Promise<UserRecord[]> {
    // MongoDB reads limit 0 as "no limit"; SQL returns nothing.
    if (query.limit <= 0) return [];
    const conditions: QueryFilter<UserDocument>[] = [];
    if (query.email !== undefined) conditions.push({ email: query.email });
    if (query.nameContains) {
      const text = escapeRegex(query.nameContains.toLowerCase());
      conditions.push({
        $or: [{ nameLower: { $regex: text } }, { handle: { $regex: `^${text}` } }],
      });
    }
    if (query.after) {
      const afterName = query.after.name.toLowerCase();
      conditions.push({
        $or: [
          { nameLower: { $gt: afterName } },
          { nameLower: afterName, _id: { $gt: query.after.id } },
        ],
      });
    }
    const found = await this.users
      .find(conditions.length > 0 ? { $and: conditions } : {})
      .sort({ nameLower: 1, _id: 1 })
      .limit(query.limit)
      .lean<UserDocument[]>()
      .exec();
    return found.map(toRecord);
  }
}

function toRecord(document: UserDocument): UserRecord {
  return {
    id: document._id,
    email: document.email,
    name: document.name,
    handle: document.handle ?? handleOf(document._id),
    avatarMediaId: document.avatarMediaId ?? null,
    avatarUrl: document.avatarUrl ?? null,
    avatarThumbnailUrl: document.avatarThumbnailUrl ?? null,
    passwordHash: document.passwordHash ?? null,
    emailProvenAt: document.emailProvenAt ?? null,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    lastSeenAt: document.lastSeenAt ?? null,
  };
}

/** A search is literal text, never a pattern. */
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The handle of an account stored before handles, until its owner picks one: unique because the
 * id is (the last twelve hex digits of a UUIDv7 are random).
 */
const handleOf = (id: string) => `user_${id.replace(/-/g, '').slice(-12)}`;
