import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_GROUP_MEMBERS, MAX_GROUP_NAME_LENGTH } from '@app/contracts';
import { Trim } from '@app/http';

export const MAX_CHATS_PAGE = 50;

export class OpenDirectChatDto {
  @ApiProperty({ format: 'uuid', description: 'The other person' })
  @IsUUID('all')
  userId!: string;
}

export class GroupNameDto {
  @ApiProperty({ example: 'Weekend hike', minLength: 1, maxLength: MAX_GROUP_NAME_LENGTH })
  @Trim()
  @IsString()
  @Length(1, MAX_GROUP_NAME_LENGTH)
  name!: string;
}

export class CreateGroupDto extends GroupNameDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    // Empty, so that the example works as it is: a group of one, to add people to later.
    example: [],
    description: 'The other members (none is fine); you are the owner',
  })
  @IsArray()
  @ArrayMaxSize(MAX_GROUP_MEMBERS - 1)
  @IsUUID('all', { each: true })
  memberIds!: string[];
}

export class AddMembersDto {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_GROUP_MEMBERS)
  @IsUUID('all', { each: true })
  userIds!: string[];
}

export class SetRoleDto {
  @ApiProperty({ enum: ['admin', 'member'] })
  @IsIn(['admin', 'member'])
  role!: 'admin' | 'member';
}

export class ListChatsQuery {
  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CHATS_PAGE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_CHATS_PAGE)
  limit: number = 20;
}
