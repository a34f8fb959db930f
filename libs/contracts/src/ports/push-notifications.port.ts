/** A stored message that may become a push notification, as chat describes it to push. */
export interface MessageAlert {
  chatId: string;
  messageId: string;
  seq: number;
  /** Who wrote it, and where: "Ann" in a direct chat, "Ann in Team" in a group. */
  title: string;
  /** What it says ("Photo: …" for an image with a caption); shown only to people who allow it. */
  text: string;
  /** A direct chat: its notifications are urgent, like mentions. */
  direct: boolean;
}

/** Someone chat decided should hear about a message (member, not muted, no page of ours in front). */
export interface AlertRecipient {
  userId: string;
  /** The message mentions them or replies to them. */
  mention: boolean;
}

/**
 * How chat asks for Web Push. Chat decides who may hear about a message (membership, mutes, the
 * per-chat level, blocks, a page in front); push keeps the devices, collapses bursts, honours the
 * person's "show text" setting and delivers with retries. Every call returns once the request is
 * safely noted; delivery happens later.
 */
export abstract class PushNotifications {
  /** `recipients` come from `reachableAmong`: push does not ask again. */
  abstract messageStored(alert: MessageAlert, recipients: readonly AlertRecipient[]): Promise<void>;

  /** Deleted: it appears in no notification not yet delivered, and one showing it is taken down. */
  abstract messageDeleted(chatId: string, messageId: string): Promise<void>;

  /** A page of ours is in front of the person: what was pushed to them counts as seen. */
  abstract seen(userId: string): Promise<void>;

  /** Whether the person has a device that takes push (e-mail reminders are for the others). */
  abstract reachable(userId: string): Promise<boolean>;

  /** Those of `userIds` with such a device: chat asks before it looks at anyone's pages. */
  abstract reachableAmong(userIds: readonly string[]): Promise<string[]>;

  /**
   * False while nobody has ever registered a device: chat then skips reading a chat's members for
   * every message. May lag a registration on another instance by a second or two.
   */
  abstract anyoneReachable(): Promise<boolean>;
}
