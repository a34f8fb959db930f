import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ApiDefaultBody, OmittableNotNull, Trim } from '@app/http';
import { MAX_NAME_LENGTH } from '../email';
import { HANDLE_PATTERN } from '../handles';

@ApiDefaultBody({ name: 'Ada Lovelace' })
export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Ada Lovelace', minLength: 1, maxLength: MAX_NAME_LENGTH })
  @OmittableNotNull()
  @Trim()
  @IsString()
  @Length(1, MAX_NAME_LENGTH)
  name?: string;

  @ApiPropertyOptional({
    example: 'ada_l',
    pattern: HANDLE_PATTERN.source,
    description:
      'Your handle: 3 to 20 letters, digits or underscores, unique (409 when taken); stored lower-case',
  })
  @OmittableNotNull()
  @Trim()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  )
  @IsString()
  @Matches(HANDLE_PATTERN, {
    message: 'handle must be 3 to 20 letters, digits or underscores',
  })
  handle?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'An image you uploaded (POST /media) and have not used yet becomes your avatar; null removes it',
  })
  @IsOptional()
  @IsUUID('all', { message: 'avatarMediaId must be the id of an upload, or null' })
  avatarMediaId?: string | null;
}
