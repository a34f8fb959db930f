import { ApiProperty } from '@nestjs/swagger';
import type { BlockedUserView } from '@app/contracts';
import { PublicUserProfileDto } from '@app/http';

export class BlockedUserDto implements BlockedUserView {
  @ApiProperty({ format: 'uuid', example: '01936b2e-7c41-7a3e-9f0d-3c5b2a1e4d6f' })
  userId!: string;
  @ApiProperty({ format: 'date-time' }) blockedAt!: string;
  @ApiProperty({
    type: PublicUserProfileDto,
    nullable: true,
    description: 'null if the account no longer exists',
  })
  profile!: PublicUserProfileDto | null;
}
