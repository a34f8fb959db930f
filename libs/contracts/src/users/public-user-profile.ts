/**
 * What anyone signed in may see of a person. Never the e-mail address or password hash, and no
 * presence: online state and last seen are shown only to people who share a chat with the person
 * and whom the person has not blocked, by the chat module's presence (`presence:get`, presence
 * events), never through a profile.
 */
export interface PublicUserProfile {
  id: string;
  name: string;
  /**
   * Unique, lower-case (3–20 of a–z, 0–9, _), shown with an @: how two people of the same name
   * are told apart. Chosen and changed by its owner; new accounts start from their address.
   */
  handle: string;
  /** The full picture; see `MediaView.url` for how it is served. */
  avatarUrl: string | null;
  /** At most 320×320, for lists and headers. */
  avatarThumbnailUrl: string | null;
}

/**
 * A profile as the user directory port gives it to other modules: with the last time the person's
 * last connection closed, which only the chat module's presence may show, and only by its rule.
 */
export interface DirectoryProfile extends PublicUserProfile {
  lastSeenAt: string | null;
}

/** The signed-in person's own account: the public profile plus private fields. */
export interface OwnUserProfile extends PublicUserProfile {
  email: string;
  hasPassword: boolean;
  createdAt: string;
}
