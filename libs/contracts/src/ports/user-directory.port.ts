import type { DirectoryProfile } from '../users/public-user-profile';

/** Private: only the mail module asks, to address an e-mail. */
export interface UserContact {
  email: string;
  name: string;
}

/**
 * How other domains read people without importing the users module. In one process it calls the
 * users service; in the split deployment it is an RMQ request `users.get_many`.
 */
export abstract class UserDirectory {
  /** Profiles of the given ids that exist, in no particular order; one call per page, never per id. */
  abstract getMany(ids: readonly string[]): Promise<DirectoryProfile[]>;

  abstract exists(id: string): Promise<boolean>;

  /** null when the account does not exist (any more). */
  abstract getContact(id: string): Promise<UserContact | null>;

  /** Presence (in chat) reports when someone's last connection closed. */
  abstract recordLastSeen(id: string, at: Date): Promise<void>;
}
