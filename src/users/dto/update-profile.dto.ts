import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { OmittableNotNull, Trim } from '@app/http';
import { MAX_NAME_LENGTH } from '../email';

export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'Ada Lovelace', minLength: 1, maxLength: MAX_NAME_LENGTH })
  @OmittableNotNull()
  @Trim()
  @IsString()
  @Length(1, MAX_NAME_LENGTH)
  name?: string;
}
