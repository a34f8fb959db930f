import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@app/auth';
import type { OwnUserProfile, PublicUserProfile } from '@app/contracts';
import { ApiError, ApiErrors, PublicUserProfileDto, UuidParam } from '@app/http';
import { SearchUsersQuery } from './dto/search-users.query';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { OwnUserProfileDto, UserPageDto } from './dto/user-profile.dto';
import { UsersService, type UserPage } from './users.service';

@ApiTags('users')
@ApiErrors(401, 429)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ summary: 'Your own account, e-mail included' })
  @ApiOkResponse({ type: OwnUserProfileDto })
  me(@CurrentUser() user: AuthUser): Promise<OwnUserProfile> {
    return this.users.getOwnProfile(user.userId);
  }

  @Patch('me')
  @ApiOperation({ summary: 'Change your display name, handle or avatar' })
  @ApiOkResponse({ type: OwnUserProfileDto })
  @ApiErrors(400, 409)
  updateMe(@CurrentUser() user: AuthUser, @Body() body: UpdateProfileDto): Promise<OwnUserProfile> {
    return this.users.updateProfile(user.userId, body);
  }

  @Get()
  @ApiOperation({
    summary: 'Find people by name or handle, or by one exact e-mail address',
    description:
      'search matches part of a name, or the start of a handle (with or without its @); containing @ elsewhere, one exact address',
  })
  @ApiOkResponse({ type: UserPageDto })
  @ApiError(400, {
    message: 'Validation failed: limit must not be greater than 50',
    details: [{ field: 'limit', messages: ['limit must not be greater than 50'] }],
  })
  search(@Query() query: SearchUsersQuery): Promise<UserPage> {
    return this.users.search(query.search, query.cursor, query.limit);
  }

  @Get(':id')
  @ApiOperation({ summary: "Someone's public profile" })
  @ApiOkResponse({ type: PublicUserProfileDto })
  @ApiErrors(400)
  @ApiError(404, { message: 'User not found' })
  byId(@UuidParam('id') id: string): Promise<PublicUserProfile> {
    return this.users.getPublicProfile(id);
  }
}
