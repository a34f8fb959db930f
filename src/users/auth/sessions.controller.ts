import { Controller, Delete, Get, HttpCode, HttpStatus } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@app/auth';
import type { SessionView } from '@app/contracts';
import { ApiError, ApiErrors, UuidParam } from '@app/http';
import { SessionsService } from './sessions.service';

class SessionViewDto implements SessionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Firefox on Linux', description: 'From the User-Agent at sign-in' })
  device!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The sign-in or the latest token refresh' })
  lastActiveAt!: string;
  @ApiProperty({ description: 'The session making this request' }) current!: boolean;
}

class EndedSessionsDto {
  @ApiProperty({ example: 2 }) ended!: number;
}

@ApiTags('auth')
@ApiErrors(401, 429)
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({
    summary: 'Where you are signed in: each session with its device, sign-in and last activity',
  })
  @ApiOkResponse({ type: [SessionViewDto] })
  list(@CurrentUser() user: AuthUser): Promise<SessionView[]> {
    return this.sessions.list(user);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Sign out one of your sessions (a lost device)',
    description:
      'Its tokens stop working at once; its open sockets, on every instance, get `session:ended` (`signed_out_elsewhere`) and are closed within a second; its push subscriptions are removed. Ending the current session is a logout.',
  })
  @ApiNoContentResponse()
  @ApiErrors(400)
  @ApiError(404, { message: 'No such session of yours' })
  async end(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<void> {
    await this.sessions.end(user, id);
  }

  @Delete()
  @ApiOperation({ summary: 'Sign out every other session: all but the one making this request' })
  @ApiOkResponse({ type: EndedSessionsDto })
  endOthers(@CurrentUser() user: AuthUser): Promise<{ ended: number }> {
    return this.sessions.endOthers(user);
  }
}
