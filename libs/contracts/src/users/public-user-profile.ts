/** What anyone signed in may see of a person. Never the e-mail address or password hash. */
export interface PublicUserProfile {
  id: string;
  name: string;
  /** The full picture; see `MediaView.url` for how it is served. */
  avatarUrl: string | null;
  /** At most 320×320, for lists and headers. */
  avatarThumbnailUrl: string | null;
  lastSeenAt: string | null;
}

/** The signed-in person's own account: the public profile plus private fields. */
export interface OwnUserProfile extends PublicUserProfile {
  email: string;
  hasPassword: boolean;
  createdAt: string;
}
