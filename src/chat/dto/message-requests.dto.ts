import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { randomUUID } from 'node:crypto';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  MAX_CLIENT_MESSAGE_ID_LENGTH,
  MAX_MENTIONS,
  MAX_MESSAGE_TEXT_LENGTH,
  MAX_MESSAGES_PAGE,
  MAX_SYNC_CHATS,
  type AuthRenewPayload,
  type ChatIdPayload,
  type ChatSyncPayload,
  type PresenceGetPayload,
  type SendMessagePayload,
  type SeqPayload,
  type SyncCursor,
  type VisibilityPayload,
} from '@app/contracts';
import { ApiDefaultBody, Trim } from '@app/http';

export const MAX_SEQ = 2_147_483_647;

/**
 * Swagger's example id, new at each start: the same id a second time answers the original (200),
 * but in another chat it is refused (400), so a fixed one would fail for whoever tried it before.
 */
const EXAMPLE_CLIENT_MESSAGE_ID = randomUUID();

/** The body of POST /chats/:id/messages: the socket payload without the chat, which is in the path. */
@ApiDefaultBody({ clientMessageId: EXAMPLE_CLIENT_MESSAGE_ID, text: 'See you at 8?' })
export class SendMessageDto implements Omit<SendMessagePayload, 'chatId'> {
  @ApiProperty({
    example: EXAMPLE_CLIENT_MESSAGE_ID,
    maxLength: MAX_CLIENT_MESSAGE_ID_LENGTH,
    description:
      'Chosen by the client (a new UUID per message is ideal), unique per sender: sending it again answers the original message (REST: 200), using it in another chat is refused (400, validation_failed)',
  })
  @IsString()
  @Matches(/^[\w.:-]+$/, {
    message: 'clientMessageId may contain letters, digits, and . _ : - only',
  })
  @MaxLength(MAX_CLIENT_MESSAGE_ID_LENGTH)
  clientMessageId!: string;

  @ApiPropertyOptional({
    example: 'See you at 8?',
    maxLength: MAX_MESSAGE_TEXT_LENGTH,
    description: 'Trimmed; plain text. Required without mediaId; with it, the caption',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(MAX_MESSAGE_TEXT_LENGTH)
  text?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Makes an image message: the id of an image you uploaded (POST /media) and have not used yet',
  })
  @IsOptional()
  @IsUUID('all', { message: 'mediaId must be the id of an upload' })
  mediaId?: string;

  @ApiPropertyOptional({
    example: 41,
    minimum: 1,
    description:
      'Makes a reply: the seq of the message in this chat it answers (not a deleted one)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SEQ)
  replyToSeq?: number;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_MENTIONS,
    description: 'Members of this chat the message mentions (anyone else: 400)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MENTIONS)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'mentions must be user ids' })
  mentions?: string[];
}

export class SeqDto implements Omit<SeqPayload, 'chatId'> {
  @ApiProperty({ example: 42, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  seq!: number;
}

export class HistoryQuery {
  @ApiPropertyOptional({ description: 'Messages before this seq, newest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEQ)
  beforeSeq?: number;

  @ApiPropertyOptional({ description: 'Messages after this seq, oldest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  afterSeq?: number;

  @ApiPropertyOptional({
    description:
      'The change feed: messages sent, edited, deleted or reacted to after this change seq, in change order (alone, without beforeSeq or afterSeq). Continue from the last changeSeq received.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  afterChangeSeq?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_MESSAGES_PAGE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_MESSAGES_PAGE)
  limit: number = 50;
}

export class SearchMessagesQuery {
  @ApiProperty({
    example: 'hike sat',
    description:
      'Every word must match, the last one also as the start of a word (case-insensitive)',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this chat' })
  @IsOptional()
  @IsUUID('all')
  chatId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 20;
}

/** Socket payloads: the REST bodies plus the chat they address. */
export class SocketSendMessageDto extends SendMessageDto implements SendMessagePayload {
  @IsUUID('all')
  chatId!: string;
}

export class SocketSeqDto extends SeqDto implements SeqPayload {
  @IsUUID('all')
  chatId!: string;
}

export class SocketChatIdDto implements ChatIdPayload {
  @IsUUID('all')
  chatId!: string;
}

export class SyncCursorDto implements SyncCursor {
  @IsUUID('all')
  chatId!: string;

  @ApiProperty({ description: 'The last seq you hold every message up to; 0 for none' })
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  afterSeq!: number;

  @ApiPropertyOptional({
    description:
      "The last answer's nextAfterChangeSeq (or the chat's lastChangeSeq): changes to messages at or below afterSeq after it come in `changed`. Left out: none",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  afterChangeSeq?: number;
}

export class ChatSyncDto implements ChatSyncPayload {
  @IsArray()
  @ArrayMaxSize(MAX_SYNC_CHATS)
  @ValidateNested({ each: true })
  @Type(() => SyncCursorDto)
  cursors!: SyncCursorDto[];
}

export class PresenceGetDto implements PresenceGetPayload {
  @ApiProperty({ description: 'People; only those who share a chat with you are answered' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  userIds!: string[];
}

export class AuthRenewDto implements AuthRenewPayload {
  @ApiProperty({
    description: 'A fresh access token of the same person (POST /api/v1/auth/refresh)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  token!: string;
}

export class VisibilityDto implements VisibilityPayload {
  @ApiProperty({ description: 'A page of ours is in front of you (document.visibilityState)' })
  @IsBoolean()
  visible!: boolean;
}
