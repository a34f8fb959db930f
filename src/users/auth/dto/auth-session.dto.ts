import { ApiProperty } from '@nestjs/swagger';
import type { AuthSession } from '@app/contracts';
import { OwnUserProfileDto } from '../../dto/user-profile.dto';

export class AuthSessionDto implements AuthSession {
  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({
    description: 'JWT for `Authorization: Bearer`; also set as the access_token cookie',
  })
  accessToken!: string;

  @ApiProperty({ example: 900 })
  accessTokenExpiresInSec!: number;

  @ApiProperty({ description: 'Single-use: POST /auth/refresh swaps it for a new pair' })
  refreshToken!: string;

  @ApiProperty({ example: 1296000 })
  refreshTokenExpiresInSec!: number;

  @ApiProperty({ type: OwnUserProfileDto })
  user!: OwnUserProfileDto;
}
