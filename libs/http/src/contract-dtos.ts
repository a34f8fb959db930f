import { ApiProperty } from '@nestjs/swagger';
import {
  IMAGE_MIME_TYPES,
  type FileView,
  type MediaView,
  type PublicUserProfile,
} from '@app/contracts';

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

export class FileViewDto implements FileView {
  @ApiProperty({ format: 'uuid', example: '0193a1c2-7777-7000-8000-0000000000bb' })
  id!: string;

  @ApiProperty({
    example: '/api/v1/media/0193a1c2-7777-7000-8000-0000000000bb',
    description:
      'Always under /api/v1/media, readable with your session: a download with the original name, with byte ranges',
  })
  url!: string;

  @ApiProperty({
    example: 'Quarterly report.pdf',
    description: 'As uploaded, made safe for display (no path, no control characters)',
  })
  name!: string;

  @ApiProperty({
    example: 'application/pdf',
    description: "Judged by the file's bytes; application/octet-stream when unknown",
  })
  mimeType!: string;

  @ApiProperty({ example: 482113 })
  size!: number;

  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  sha256!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 12400,
    description: 'Set on a voice message: its length in milliseconds',
  })
  durationMs!: number | null;
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
