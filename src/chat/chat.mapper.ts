import {
  isFileView,
  type ChatInfo,
  type ChatMemberView,
  type ChatMessage,
  type ChatView,
  type LastMessageView,
  type PublicUserProfile,
} from '@app/contracts';
import {
  MUTED_FOREVER,
  type ChatRecord,
  type FormerMemberRecord,
  type LastMessageSummary,
  type MemberRecord,
  type MessageRecord,
} from './persistence/chat.records';

export function toChatMessage(message: MessageRecord): ChatMessage {
  return {
    id: message.id,
    chatId: message.chatId,
    seq: message.seq,
    senderId: message.senderId,
    clientMessageId: message.clientMessageId,
    kind: message.kind,
    text: message.text,
    mediaId: message.mediaId,
    media: message.media && !isFileView(message.media) ? message.media : null,
    file: message.media && isFileView(message.media) ? message.media : null,
    system: message.system,
    createdAt: message.createdAt.toISOString(),
    changeSeq: message.changeSeq,
    editedAt: message.editedAt?.toISOString() ?? null,
    deletedAt: message.deletedAt?.toISOString() ?? null,
    replyTo: message.replyTo,
    reactions: message.reactions,
    mentions: message.mentions,
    previews: message.previews,
  };
}

function toLastMessageView(summary: LastMessageSummary | null): LastMessageView | null {
  return (
    summary && {
      ...summary,
      attachmentName: summary.attachmentName ?? null,
      createdAt: summary.createdAt.toISOString(),
      deletedAt: summary.deletedAt?.toISOString() ?? null,
    }
  );
}

function toMemberView(
  member: MemberRecord,
  profiles: ReadonlyMap<string, PublicUserProfile>,
): ChatMemberView {
  return {
    userId: member.userId,
    role: member.role,
    lastReadSeq: member.lastReadSeq,
    lastDeliveredSeq: member.lastDeliveredSeq,
    profile: publicPart(profiles.get(member.userId)),
  };
}

/**
 * The profile without the directory's `lastSeenAt`: presence reaches others only through the
 * presence service's rule, never inside a view (a spread would carry the field along).
 */
export function publicPart(profile: PublicUserProfile | undefined): PublicUserProfile | null {
  if (!profile) return null;
  const { id, name, handle, avatarUrl, avatarThumbnailUrl } = profile;
  return { id, name, handle, avatarUrl, avatarThumbnailUrl };
}

export function toChatInfo(
  chat: ChatRecord,
  members: readonly MemberRecord[],
  formerMembers: readonly FormerMemberRecord[],
  profiles: ReadonlyMap<string, PublicUserProfile>,
): ChatInfo {
  return {
    id: chat.id,
    kind: chat.kind,
    name: chat.name,
    createdBy: chat.createdBy,
    createdAt: chat.createdAt.toISOString(),
    updatedAt: chat.updatedAt.toISOString(),
    lastSeq: chat.lastSeq,
    lastChangeSeq: chat.lastChangeSeq,
    lastMessage: toLastMessageView(chat.lastMessage),
    members: members.map((member) => toMemberView(member, profiles)),
    formerMembers: formerMembers.map((former) => ({
      userId: former.userId,
      leftAt: former.leftAt.toISOString(),
      profile: profiles.get(former.userId) ?? null,
    })),
  };
}

/**
 * Unread = messages after the caller's read mark; it cannot drift
 * (docs/architecture.md#data-model). A mute whose end has passed is no mute: it ends by itself
 * without anything being written.
 */
export function toChatView(
  info: ChatInfo,
  me: Pick<MemberRecord, 'lastReadSeq' | 'role' | 'mutedUntil' | 'notify'>,
  unreadMentions: number,
  now = new Date(),
): ChatView {
  const until = me.mutedUntil;
  const muted = until !== null && until > now;
  return {
    ...info,
    unreadCount: Math.max(0, info.lastSeq - me.lastReadSeq),
    unreadMentions,
    myRole: me.role,
    muted,
    mutedUntil: muted && until < MUTED_FOREVER ? until.toISOString() : null,
    notify: me.notify,
  };
}
