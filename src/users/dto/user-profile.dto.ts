import { ApiProperty } from '@nestjs/swagger';
import type { OwnUserProfile, PublicUserProfile } from '@app/contracts';

export class PublicUserProfileDto implements PublicUserProfile {
  @ApiProperty({ format: 'uuid', example: '01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f' })
  id!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  avatarUrl!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-21T09:30:00.000Z',
  })
  lastSeenAt!: string | null;
}

export class OwnUserProfileDto extends PublicUserProfileDto implements OwnUserProfile {
  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ description: 'Whether password sign-in is set up', example: false })
  hasPassword!: boolean;

  @ApiProperty({ format: 'date-time', example: '2026-11-21T09:00:00.000Z' })
  createdAt!: string;
}

export class UserPageDto {
  @ApiProperty({ type: [PublicUserProfileDto] })
  items!: PublicUserProfileDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;
}
