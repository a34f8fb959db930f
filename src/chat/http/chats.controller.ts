import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthUser } from '@app/auth';
import type { ChatView, Page } from '@app/contracts';
import { ApiError, ApiErrors, UuidParam } from '@app/http';
import { ChatMutesService } from '../chat-mutes.service';
import { ChatsService } from '../chats.service';
import {
  AddMembersDto,
  CreateGroupDto,
  GroupNameDto,
  ListChatsQuery,
  OpenDirectChatDto,
  SetRoleDto,
} from '../dto/chat-requests.dto';
import { ChatPageDto, ChatViewDto } from '../dto/chat-responses.dto';
import { ChatNotifyDto, MuteChatDto } from '../dto/mute-requests.dto';

/** Why adding people can be refused, told once in the same words for both reasons. */
const CANNOT_ADD =
  'If anyone cannot be added (no such account, or someone who blocked you), nobody is: 403, the same answer for both.';

@ApiTags('chats')
@ApiErrors(401, 429)
@Controller('chats')
export class ChatsController {
  constructor(
    private readonly chats: ChatsService,
    private readonly mutes: ChatMutesService,
  ) {}

  @Post('direct')
  @ApiOperation({
    summary: 'Open the one-to-one chat with someone: the existing one, or a new one (201)',
  })
  @ApiOkResponse({ type: ChatViewDto, description: 'The chat already existed' })
  @ApiCreatedResponse({ type: ChatViewDto, description: 'The chat was created' })
  @ApiErrors(400)
  @ApiError(403, {
    description:
      'A block stands between you (`blocked`): the one who blocked is told to unblock first, the other that they cannot send messages to this person',
    message: 'You blocked this person: unblock them first',
    code: 'blocked',
  })
  @ApiError(404, { message: 'User not found' })
  async openDirect(
    @CurrentUser() user: AuthUser,
    @Body() body: OpenDirectChatDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChatView> {
    const { chat, created } = await this.chats.openDirect(user.userId, body.userId);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return chat;
  }

  @Post('groups')
  @ApiOperation({
    summary: 'Create a group; you are its owner',
    description: CANNOT_ADD,
  })
  @ApiCreatedResponse({ type: ChatViewDto })
  @ApiErrors(400)
  @ApiError(403, { message: 'Some of these people cannot be added' })
  createGroup(@CurrentUser() user: AuthUser, @Body() body: CreateGroupDto): Promise<ChatView> {
    return this.chats.createGroup(user.userId, body.name, body.memberIds);
  }

  @Get()
  @ApiOperation({
    summary: 'Your chats by last activity, with last message, unread count and members',
  })
  @ApiOkResponse({ type: ChatPageDto })
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ListChatsQuery): Promise<Page<ChatView>> {
    return this.chats.list(user.userId, query.cursor, query.limit);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your chats' })
  @ApiOkResponse({ type: ChatViewDto })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<ChatView> {
    return this.chats.get(user.userId, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a group (owner or admin)' })
  @ApiOkResponse({ type: ChatViewDto })
  @ApiErrors(400, 404)
  @ApiError(403, { message: 'Only the owner or an admin of the group can do this' })
  rename(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: GroupNameDto,
  ): Promise<ChatView> {
    return this.chats.rename(user.userId, id, body.name);
  }

  @Post(':id/members')
  @ApiOperation({
    summary: 'Add people to a group (owner or admin)',
    description: `People already in the group change nothing. ${CANNOT_ADD}`,
  })
  @ApiCreatedResponse({ type: ChatViewDto })
  @ApiErrors(400, 404)
  @ApiError(403, { message: 'Some of these people cannot be added' })
  addMembers(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @Body() body: AddMembersDto,
  ): Promise<ChatView> {
    return this.chats.addMembers(user.userId, id, body.userIds);
  }

  @Patch(':id/members/:userId')
  @ApiOperation({ summary: 'Make a member admin, or an admin member again (owner only)' })
  @ApiOkResponse({ type: ChatViewDto })
  @ApiErrors(400, 404)
  @ApiError(403, { message: 'Only the owner can change roles' })
  setRole(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
    @Body() body: SetRoleDto,
  ): Promise<ChatView> {
    return this.chats.setRole(user.userId, id, userId, body.role);
  }

  @Delete(':id/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Remove someone from a group (owner or admin), or leave it (your own id)',
    description:
      'Nobody can remove the owner; only the owner can remove an admin. An owner who leaves hands the group to the longest-standing admin, else member.',
  })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  @ApiError(403, { message: 'Only the owner or an admin of the group can do this' })
  async removeMember(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') id: string,
    @UuidParam('userId') userId: string,
  ): Promise<void> {
    await this.chats.removeMember(user.userId, id, userId);
  }

  @Put(':id/mute')
  @ApiOperation({
    summary: 'Mute the chat for yourself: no e-mail reminder or browser notification from it',
    description: 'Until `until`, or with `until: null` until unmuted. Unread counts still move.',
  })
  @ApiOkResponse({ type: ChatViewDto })
  @ApiErrors(400, 403)
  mute(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') chatId: string,
    @Body() body: MuteChatDto,
  ): Promise<ChatView> {
    return this.mutes.mute(user.userId, chatId, body.until);
  }

  @Delete(':id/mute')
  @ApiOperation({ summary: 'Unmute the chat' })
  @ApiOkResponse({ type: ChatViewDto })
  @ApiErrors(400, 403)
  unmute(@CurrentUser() user: AuthUser, @UuidParam('id') chatId: string): Promise<ChatView> {
    return this.mutes.unmute(user.userId, chatId);
  }

  @Put(':id/notify')
  @ApiOperation({
    summary: 'Choose which messages of the chat push to your devices',
    description:
      '`all`, `mentions` (mentions of you and replies to you) or `none`. A muted chat never pushes, whatever its level; the page you have open notifies you as before.',
  })
  @ApiOkResponse({ type: ChatViewDto })
  @ApiErrors(400, 403)
  notify(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') chatId: string,
    @Body() body: ChatNotifyDto,
  ): Promise<ChatView> {
    return this.mutes.setNotify(user.userId, chatId, body.level);
  }
}
