import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn, IsISO8601, ValidateIf } from 'class-validator';
import { CHAT_NOTIFY_LEVELS, type ChatNotifyLevel } from '@app/contracts';
import { ApiDefaultBody } from '@app/http';

/** Swagger's example date: a week after the server started (a fixed date would pass). */
const A_WEEK_FROM_START = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString();

/** The body of PUT /chats/:id/mute; "Try it out" starts from null, which never goes stale. */
@ApiDefaultBody({ until: null })
export class MuteChatDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: A_WEEK_FROM_START,
    description: 'When the mute ends by itself (in the future, within a year); null: until unmuted',
  })
  @IsDefined({ message: 'until must be a date, or null for until unmuted' })
  @ValidateIf((body: MuteChatDto) => body.until !== null)
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date, or null' })
  until!: string | null;
}

/** The body of PUT /chats/:id/notify. */
@ApiDefaultBody({ level: 'mentions' })
export class ChatNotifyDto {
  @ApiProperty({
    enum: CHAT_NOTIFY_LEVELS,
    description: 'all messages, only mentions of you and replies to you, or none',
  })
  @IsIn(CHAT_NOTIFY_LEVELS, { message: `level must be one of ${CHAT_NOTIFY_LEVELS.join(', ')}` })
  level!: ChatNotifyLevel;
}
