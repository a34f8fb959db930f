import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** A day: far past any voice message; VOICE_MAX_DURATION is checked by the service. */
const LONGEST_DURATION_MS = 24 * 60 * 60_000;

export class FileUploadQueryDto {
  @ApiPropertyOptional({
    description: 'Makes the upload a voice message of this length (milliseconds), as recorded',
    example: 12400,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LONGEST_DURATION_MS)
  durationMs?: number;
}
