export interface UserRecord {
  id: string;
  email: string;
  name: string;
  /** Unique, lower-case: how people tell two of the same name apart (see `HANDLE_PATTERN`). */
  handle: string;
  avatarMediaId: string | null;
  avatarUrl: string | null;
  avatarThumbnailUrl: string | null;
  passwordHash: string | null;
  /** When someone proved they read the address (a sign-in code); null: never. */
  emailProvenAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  lastSeenAt: Date | null;
}

export interface NewUser {
  /** Already normalised (trimmed, lower-cased) by the service. */
  email: string;
  name: string;
  handle: string;
  passwordHash?: string | null;
  /** True when made by someone who just proved the address (a sign-in code). */
  emailProven?: boolean;
}

export interface UserAvatar {
  mediaId: string;
  url: string;
  thumbnailUrl: string;
}

export interface UserChanges {
  name?: string;
  handle?: string;
  passwordHash?: string;
  /** null removes the avatar. */
  avatar?: UserAvatar | null;
}

/** A page of people ordered by name (case-insensitive), then id. */
export interface UserPageQuery {
  /** Case-insensitive substring of the name, or the start of the handle. */
  nameContains?: string;
  /** Exact (normalised) e-mail address. */
  email?: string;
  /** Start after this position: the name and id of the last person of the previous page. */
  after?: { name: string; id: string };
  limit: number;
}

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`A user with e-mail ${email} already exists`);
    this.name = 'DuplicateEmailError';
  }
}

export class DuplicateHandleError extends Error {
  constructor(handle: string) {
    super(`The handle ${handle} is taken`);
    this.name = 'DuplicateHandleError';
  }
}

/**
 * Persistence port of the users domain and its injection token. Adapters hold queries only;
 * every one passes `test/contracts/users/users.repository.contract.ts`.
 */
export abstract class UsersRepository {
  /**
   * Throws `DuplicateEmailError` when the e-mail is taken, `DuplicateHandleError` when the handle
   * is, even under concurrent inserts.
   */
  abstract create(user: NewUser): Promise<UserRecord>;

  abstract findById(id: string): Promise<UserRecord | null>;

  abstract findByEmail(email: string): Promise<UserRecord | null>;

  /** The users among `ids` that exist, in no particular order. */
  abstract findManyByIds(ids: readonly string[]): Promise<UserRecord[]>;

  /**
   * Applies the changes and bumps `updatedAt`; `null` when the user does not exist. Throws
   * `DuplicateHandleError` when the new handle is someone else's.
   */
  abstract update(id: string, changes: UserChanges): Promise<UserRecord | null>;

  abstract touchLastSeen(id: string, at: Date): Promise<void>;

  /**
   * Records that the address was just proven. When it had not been, the password (set by whoever
   * registered without that proof) is removed in the same step and the updated user is returned;
   * null when the address was already proven or the user does not exist.
   */
  abstract proveEmail(id: string): Promise<UserRecord | null>;

  abstract page(query: UserPageQuery): Promise<UserRecord[]>;
}
