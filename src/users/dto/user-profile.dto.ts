import { ApiProperty } from '@nestjs/swagger';
import type { OwnUserProfile } from '@app/contracts';
import { PublicUserProfileDto } from '@app/http';

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
