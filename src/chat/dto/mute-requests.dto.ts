import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsISO8601, ValidateIf } from 'class-validator';

/** The body of PUT /chats/:id/mute. */
export class MuteChatDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-12-01T08:00:00.000Z',
    description: 'When the mute ends by itself (in the future, within a year); null: until unmuted',
  })
  @IsDefined({ message: 'until must be a date, or null for until unmuted' })
  @ValidateIf((body: MuteChatDto) => body.until !== null)
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date, or null' })
  until!: string | null;
}
