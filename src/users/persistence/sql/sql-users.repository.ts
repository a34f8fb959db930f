import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { isUniqueViolation, newId, type Database } from '@app/database';
import {
  DuplicateEmailError,
  DuplicateHandleError,
  UsersRepository,
  type NewUser,
  type UserChanges,
  type UserPageQuery,
  type UserRecord,
} from '../users.repository';
import { users } from './users.table';

/** `UsersRepository` over Drizzle: the same queries on PGlite and PostgreSQL. */
export class SqlUsersRepository extends UsersRepository {
  constructor(private readonly db: Database) {
    super();
  }

  async create(user: NewUser): Promise<UserRecord> {
    try {
      const [row] = await this.db
        .insert(users)
        .values({
          id: newId(),
          email: user.email,
          name: user.name,
          handle: user.handle,
          passwordHash: user.passwordHash ?? null,
          emailProvenAt: user.emailProven ? new Date() : null,
        })
        .returning();
      return row;
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_unique')) throw new DuplicateEmailError(user.email);
      if (isUniqueViolation(error, 'users_handle_unique'))
        throw new DuplicateHandleError(user.handle);
      throw error;
    }
  }

  async proveEmail(id: string): Promise<UserRecord | null> {
    const now = new Date();
    const [row] = await this.db
      .update(users)
      .set({ emailProvenAt: now, passwordHash: null, updatedAt: now })
      .where(and(eq(users.id, id), isNull(users.emailProvenAt)))
      .returning();
    return row ?? null;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id)).limit(1);
    return row ?? null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email)).limit(1);
    return row ?? null;
  }

  async findManyByIds(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(users)
      .where(inArray(users.id, [...new Set(ids)]));
  }

  async update(id: string, changes: UserChanges): Promise<UserRecord | null> {
    try {
      return await this.applyChanges(id, changes);
    } catch (error) {
      if (changes.handle && isUniqueViolation(error, 'users_handle_unique')) {
        throw new DuplicateHandleError(changes.handle);
      }
      throw error;
    }
  }

  private async applyChanges(id: string, changes: UserChanges): Promise<UserRecord | null> {
    const [row] = await this.db
      .update(users)
      .set({
        name: changes.name,
        handle: changes.handle,
        passwordHash: changes.passwordHash,
        ...(changes.avatar !== undefined && {
          avatarMediaId: changes.avatar?.mediaId ?? null,
          avatarUrl: changes.avatar?.url ?? null,
          avatarThumbnailUrl: changes.avatar?.thumbnailUrl ?? null,
        }),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    return row ?? null;
  }

  async touchLastSeen(id: string, at: Date): Promise<void> {
    await this.db.update(users).set({ lastSeenAt: at }).where(eq(users.id, id));
  }

  async page(query: UserPageQuery): Promise<UserRecord[]> {
    const conditions: SQL[] = [];
    if (query.email !== undefined) conditions.push(eq(users.email, query.email));
    if (query.nameContains) {
      const text = escapeLike(query.nameContains);
      conditions.push(
        sql`(${users.name} ilike ${`%${text}%`} or ${users.handle} like ${`${text.toLowerCase()}%`})`,
      );
    }
    if (query.after) {
      conditions.push(
        sql`(lower(${users.name}), ${users.id}) > (lower(${query.after.name}), ${query.after.id})`,
      );
    }
    return this.db
      .select()
      .from(users)
      .where(and(...conditions))
      .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
      .limit(query.limit);
  }
}

/** `%`, `_` and `\` in a search are literal characters, not patterns. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
