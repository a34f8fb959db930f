import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ApiDefaultBody, OmittableNotNull, Trim } from '@app/http';
import { MAX_NAME_LENGTH } from '../email';

@ApiDefaultBody({ name: 'Ada Lovelace' })
export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Ada Lovelace', minLength: 1, maxLength: MAX_NAME_LENGTH })
  @OmittableNotNull()
  @Trim()
  @IsString()
  @Length(1, MAX_NAME_LENGTH)
  name?: string;

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
