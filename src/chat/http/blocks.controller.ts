import { Controller, Delete, Get, HttpCode, HttpStatus, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@app/auth';
import type { BlockedUserView } from '@app/contracts';
import { ApiError, ApiErrors, UuidParam } from '@app/http';
import { BlocksService } from '../blocks.service';
import { BlockedUserDto } from '../dto/block-responses.dto';

/**
 * Under /users because a block is about a person, but served by chat, which keeps the blocks
 * (nginx sends these paths to chat-service). `GET /users/me/blocks` has two segments after
 * /users, so the users module's `GET /users/:id` never takes it.
 */
@ApiTags('blocks')
@ApiErrors(401, 429)
@Controller('users')
export class BlocksController {
  constructor(private readonly blocks: BlocksService) {}

  @Get('me/blocks')
  @ApiOperation({ summary: 'The people you blocked, most recent first' })
  @ApiOkResponse({ type: [BlockedUserDto] })
  list(@CurrentUser() user: AuthUser): Promise<BlockedUserView[]> {
    return this.blocks.list(user.userId);
  }

  @Put(':id/block')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Block someone (again: no change)',
    description:
      'They can no longer open a direct chat with you, send into yours, add you to a group, or see your presence, typing or read and delivered marks in any chat; their mentions of you are dropped. The history stays readable to both.',
  })
  @ApiNoContentResponse()
  @ApiErrors(400)
  @ApiError(404, { message: 'User not found' })
  async block(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<void> {
    await this.blocks.block(user.userId, id);
  }

  @Delete(':id/block')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unblock someone (not blocked: no change)' })
  @ApiNoContentResponse()
  @ApiErrors(400)
  async unblock(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<void> {
    await this.blocks.unblock(user.userId, id);
  }
}
