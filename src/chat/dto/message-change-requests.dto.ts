import { ApiProperty } from '@nestjs/swagger';
import {
  IsInt,
  IsNotEmpty,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import {
  MAX_LINK_PREVIEWS,
  MAX_MESSAGE_TEXT_LENGTH,
  type EditMessagePayload,
  type PreviewPayload,
  type ReactionPayload,
} from '@app/contracts';
import { Trim } from '@app/http';
import { emojiProblem } from '../emoji';
import { MAX_SEQ } from './message-requests.dto';

/** One emoji grapheme of at most 32 bytes (see emoji.ts). */
export const IsOneEmoji = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isOneEmoji',
      validator: {
        validate: (value: unknown) => emojiProblem(value) === null,
        defaultMessage: (args) => emojiProblem(args?.value) ?? 'emoji must be one emoji',
      },
    },
    options,
  );

/** The body of PATCH /chats/:id/messages/:seq. */
export class EditMessageDto implements Pick<EditMessagePayload, 'text'> {
  @ApiProperty({
    example: 'See you at 9?',
    maxLength: MAX_MESSAGE_TEXT_LENGTH,
    description: 'The new text, or the new caption of an image; trimmed, plain text',
  })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_MESSAGE_TEXT_LENGTH)
  text!: string;
}

/** A message of a chat, as socket events address it. */
class SocketMessageRefDto {
  @IsUUID('all')
  chatId!: string;

  @IsInt()
  @Min(1)
  @Max(MAX_SEQ)
  seq!: number;
}

export class SocketEditMessageDto extends SocketMessageRefDto implements EditMessagePayload {
  @ApiProperty({ description: 'The new text, or the new caption of an image; trimmed, plain text' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_MESSAGE_TEXT_LENGTH)
  text!: string;
}

export class SocketDeleteMessageDto extends SocketMessageRefDto {}

export class SocketReactionDto extends SocketMessageRefDto implements ReactionPayload {
  @IsOneEmoji()
  emoji!: string;
}

export class SocketPreviewDto extends SocketMessageRefDto implements PreviewPayload {
  @ApiProperty({ description: "The preview's index: which of the message's links it shows" })
  @IsInt()
  @Min(0)
  @Max(MAX_LINK_PREVIEWS - 1)
  index!: number;
}
