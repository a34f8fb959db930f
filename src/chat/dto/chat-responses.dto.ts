import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHAT_NOTIFY_LEVELS, MESSAGE_KINDS } from '@app/contracts';
import type {
  ChatMemberView,
  ChatMessage,
  LinkPreviewView,
  ChatNotifyLevel,
  ChatView,
  FormerMemberView,
  LastMessageView,
  MarkResult,
  ReactionView,
  ReplyQuote,
  SystemEventView,
} from '@app/contracts';
import { FileViewDto, MediaViewDto, PublicUserProfileDto } from '@app/http';

const UUID = '01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f';

class SystemEventDto implements SystemEventView {
  @ApiProperty({
    enum: ['chat_created', 'members_added', 'member_removed', 'member_left', 'renamed'],
  })
  type!: SystemEventView['type'];
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiPropertyOptional({ type: [String] }) userIds?: string[];
  @ApiPropertyOptional() name?: string;
}

class ReplyQuoteDto implements ReplyQuote {
  @ApiProperty({ example: 41 }) seq!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) senderId!: string | null;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: ReplyQuote['kind'];
  @ApiProperty({ type: String, nullable: true, description: 'First 200 characters' })
  text!: string | null;
}

class ReactionDto implements ReactionView {
  @ApiProperty({ example: '👍' }) emoji!: string;
  @ApiProperty({ type: [String], description: 'Who reacted so, in order' }) userIds!: string[];
}

class LinkPreviewDto implements LinkPreviewView {
  @ApiProperty({ example: 0, description: "Which of the message's links (0, 1, 2, in text order)" })
  index!: number;
  @ApiProperty({
    example: 'https://example.com/hike',
    description: 'The link as the server read it',
  })
  url!: string;
  @ApiProperty({ type: String, nullable: true, description: 'At most 200 characters, plain text' })
  title!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'At most 300 characters, plain text' })
  description!: string | null;
  @ApiProperty({ type: String, nullable: true }) siteName!: string | null;
  @ApiProperty({
    type: MediaViewDto,
    nullable: true,
    description: "Our copy of the page's picture, served to the chat's members only",
  })
  image!: MediaViewDto | null;
}

export class ChatMessageDto implements ChatMessage {
  @ApiProperty({ format: 'uuid', example: UUID }) id!: string;
  @ApiProperty({ format: 'uuid' }) chatId!: string;
  @ApiProperty({ example: 42, description: 'Position in the chat: 1, 2, 3, … with no gaps' })
  seq!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) senderId!: string | null;
  @ApiProperty({ type: String, nullable: true }) clientMessageId!: string | null;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: ChatMessage['kind'];
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'See you at 8?',
    description: 'Plain text, never HTML',
  })
  text!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) mediaId!: string | null;
  @ApiProperty({ type: MediaViewDto, nullable: true, description: "With kind 'image'" })
  media!: MediaViewDto | null;
  @ApiProperty({ type: FileViewDto, nullable: true, description: "With kind 'file' or 'voice'" })
  file!: FileViewDto | null;
  @ApiProperty({ type: SystemEventDto, nullable: true }) system!: SystemEventDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    example: 47,
    description:
      "The chat's change seq of this copy's latest change; of two copies keep the higher",
  })
  changeSeq!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) editedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set on a tombstone: text, image, reactions and mentions are gone',
  })
  deletedAt!: string | null;
  @ApiProperty({
    type: ReplyQuoteDto,
    nullable: true,
    description: 'The message this one answers, as it is now; null once it is deleted',
  })
  replyTo!: ReplyQuoteDto | null;
  @ApiProperty({ type: [ReactionDto] }) reactions!: ReactionDto[];
  @ApiProperty({ type: [String], description: 'Ids of the members mentioned' })
  mentions!: string[];
  @ApiProperty({
    type: [LinkPreviewDto],
    description: 'Previews of its first links, added by the server a moment after the send',
  })
  previews!: LinkPreviewDto[];
}

class LastMessageDto implements LastMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ type: String, nullable: true }) senderId!: string | null;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind!: LastMessageView['kind'];
  @ApiProperty({ type: String, nullable: true, description: 'First 200 characters' }) text!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A file\'s name, for "📎 name"' })
  attachmentName!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Deleted for everyone: show "message deleted"',
  })
  deletedAt!: string | null;
  @ApiProperty({
    type: SystemEventDto,
    nullable: true,
    description: 'A system message: what happened (who was added, who left, the new name)',
  })
  system!: SystemEventDto | null;
}

class FormerMemberDto implements FormerMemberView {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'date-time' }) leftAt!: string;
  @ApiProperty({ type: PublicUserProfileDto, nullable: true })
  profile!: PublicUserProfileDto | null;
}

class ChatMemberDto implements ChatMemberView {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ enum: ['owner', 'admin', 'member'] }) role!: ChatMemberView['role'];
  @ApiProperty() lastReadSeq!: number;
  @ApiProperty() lastDeliveredSeq!: number;
  @ApiProperty({ type: PublicUserProfileDto, nullable: true })
  profile!: PublicUserProfileDto | null;
}

export class ChatViewDto implements ChatView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['direct', 'group'] }) kind!: ChatView['kind'];
  @ApiProperty({ type: String, nullable: true, example: 'Weekend hike' }) name!: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Last activity; orders the chat list' })
  updatedAt!: string;
  @ApiProperty({ description: 'Seq of the newest message' }) lastSeq!: number;
  @ApiProperty({
    description:
      "The chat's change log head: a client that then loads history asks chat:sync for changes after it",
  })
  lastChangeSeq!: number;
  @ApiProperty({ type: LastMessageDto, nullable: true }) lastMessage!: LastMessageDto | null;
  @ApiProperty({ type: [ChatMemberDto] }) members!: ChatMemberDto[];
  @ApiProperty({
    type: [FormerMemberDto],
    description:
      'Groups: the 100 people who left or were removed most recently, latest first; their names stay on what they wrote',
  })
  formerMembers!: FormerMemberDto[];
  @ApiProperty({ example: 3 }) unreadCount!: number;
  @ApiProperty({ example: 1, description: 'Unread messages that mention you' })
  unreadMentions!: number;
  @ApiProperty({ enum: ['owner', 'admin', 'member'] }) myRole!: ChatView['myRole'];
  @ApiProperty({ description: 'No e-mail reminder or browser notification while true' })
  muted!: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the mute ends by itself; null while muted means until unmuted',
  })
  mutedUntil!: string | null;
  @ApiProperty({
    enum: CHAT_NOTIFY_LEVELS,
    description:
      'Which messages of this chat may become a push notification for you: all, mentions and replies to you, or none (a muted chat never pushes)',
  })
  notify!: ChatNotifyLevel;
}

export class ChatPageDto {
  @ApiProperty({ type: [ChatViewDto] }) items!: ChatViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class MessagePageDto {
  @ApiProperty({ type: [ChatMessageDto] }) items!: ChatMessageDto[];
  @ApiProperty({ description: 'More messages exist in the requested direction' }) hasMore!: boolean;
}

export class MessageListDto {
  @ApiProperty({ type: [ChatMessageDto] }) items!: ChatMessageDto[];
}

export class MarkResultDto implements MarkResult {
  @ApiProperty({ format: 'uuid' }) chatId!: string;
  @ApiProperty({ description: 'The mark after the call; it never moves backward' }) seq!: number;
}
