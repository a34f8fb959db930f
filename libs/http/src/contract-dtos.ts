import { ApiProperty } from '@nestjs/swagger';
import { IMAGE_MIME_TYPES, type MediaView, type PublicUserProfile } from '@app/contracts';

/** Swagger shapes of `libs/contracts` types that more than one domain returns. */
export class MediaViewDto implements MediaView {
  @ApiProperty({ format: 'uuid', example: '0193a1c2-7777-7000-8000-0000000000aa' })
  id!: string;

  @ApiProperty({
    example: '/api/v1/media/0193a1c2-7777-7000-8000-0000000000aa',
    description:
      'Local storage: a path under /api/v1/media, readable with your session (cookie or bearer). Cloudinary: an unguessable https URL.',
  })
  url!: string;

  @ApiProperty({
    example: '/api/v1/media/0193a1c2-7777-7000-8000-0000000000aa/thumbnail',
    description: 'WebP, at most 320×320',
  })
  thumbnailUrl!: string;

  @ApiProperty({ enum: IMAGE_MIME_TYPES, example: 'image/jpeg' })
  mimeType!: MediaView['mimeType'];

  @ApiProperty({ example: 183422, description: 'Bytes stored (metadata removed)' })
  size!: number;

  @ApiProperty({ example: 1280 })
  width!: number;

  @ApiProperty({ example: 960 })
  height!: number;
}

export class PublicUserProfileDto implements PublicUserProfile {
  @ApiProperty({ format: 'uuid', example: '01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f' })
  id!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({
    example: 'ada_l',
    description: 'Unique, lower-case; shown with an @ to tell people of the same name apart',
  })
  handle!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  avatarUrl!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'At most 320×320' })
  avatarThumbnailUrl!: string | null;
}
