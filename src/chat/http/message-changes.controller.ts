import {
  Body,
  Controller,
  Delete,
  Param,
  ParseIntPipe,
  Patch,
  Put,
  UseInterceptors,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@app/auth';
import { ApiError, ApiErrors, badField, UuidParam } from '@app/http';
import { ChatMessageDto } from '../dto/chat-responses.dto';
import { EditMessageDto } from '../dto/message-change-requests.dto';
import { MAX_SEQ } from '../dto/message-requests.dto';
import { emojiProblem } from '../emoji';
import {
  MessageChangesService,
  PREVIEW_INDEX_PROBLEM,
  type MessageChangeResult,
} from '../message-changes.service';
import { AnnounceAfterResponseInterceptor } from './announce-after-response.interceptor';

/** No message with this seq in the chat (or no such chat): the 404 these routes give. */
const MESSAGE_NOT_FOUND = { message: 'Message not found' };

/** The seq of a message in the path: a positive 32-bit integer. */
const SeqParam = () =>
  Param(
    'seq',
    new ParseIntPipe({ exceptionFactory: () => badField('seq', 'seq must be a positive integer') }),
    {
      transform: (seq: number) => {
        if (seq < 1 || seq > MAX_SEQ) throw badField('seq', 'seq must be a positive integer');
        return seq;
      },
    },
  );

/** One emoji, URL-encoded in the path (Express decodes it). */
const EmojiParam = () =>
  Param('emoji', {
    transform: (emoji: string) => {
      const problem = emojiProblem(emoji);
      if (problem) throw badField('emoji', problem);
      return emoji;
    },
  });

/**
 * The index of a link preview in the path, a whole number; its range (0 to 2) is checked by the
 * service after membership, so a stranger learns nothing from how the request is worded.
 */
const PreviewIndexParam = () =>
  Param(
    'index',
    new ParseIntPipe({
      exceptionFactory: () => badField('index', PREVIEW_INDEX_PROBLEM),
    }),
  );

/** Edit, delete for everyone, react, remove a link preview: the same service path as the socket events. */
@ApiTags('messages')
@ApiErrors(401, 429)
@Controller('chats/:id/messages/:seq')
@UseInterceptors(AnnounceAfterResponseInterceptor)
export class MessageChangesController {
  constructor(private readonly changes: MessageChangesService) {}

  @Patch()
  @ApiOperation({
    summary: 'Edit your message (text, or an image caption); the chat gets message:updated',
    description:
      'Not system messages (403) or deleted ones (409). Counts against the message rate limit.',
  })
  @ApiOkResponse({ type: ChatMessageDto, description: 'The message as it now is' })
  @ApiErrors(400, 403, 409)
  @ApiError(404, MESSAGE_NOT_FOUND)
  edit(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') chatId: string,
    @SeqParam() seq: number,
    @Body() body: EditMessageDto,
  ): Promise<MessageChangeResult> {
    return this.changes.edit(user.userId, chatId, seq, body.text);
  }

  @Delete()
  @ApiOperation({
    summary: 'Delete a message for everyone (yours, or any in a group you own or administer)',
    description:
      'Leaves a tombstone: seq, sender, kind and dates stay; text, image, reactions and mentions go, and the image is no longer served. Deleting again returns the tombstone.',
  })
  @ApiOkResponse({ type: ChatMessageDto, description: 'The tombstone' })
  @ApiErrors(400, 403)
  @ApiError(404, MESSAGE_NOT_FOUND)
  delete(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') chatId: string,
    @SeqParam() seq: number,
  ): Promise<MessageChangeResult> {
    return this.changes.delete(user.userId, chatId, seq);
  }

  @Put('reactions/:emoji')
  @ApiOperation({
    summary: 'Put one emoji on a message (URL-encoded; the same one twice changes nothing)',
    description: 'At most 20 different emoji of yours on one message (409 beyond).',
  })
  @ApiParam({ name: 'emoji', example: '%F0%9F%91%8D' })
  @ApiOkResponse({ type: ChatMessageDto })
  @ApiErrors(400, 403, 409)
  @ApiError(404, MESSAGE_NOT_FOUND)
  react(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') chatId: string,
    @SeqParam() seq: number,
    @EmojiParam() emoji: string,
  ): Promise<MessageChangeResult> {
    return this.changes.react(user.userId, chatId, seq, emoji, true);
  }

  @Delete('reactions/:emoji')
  @ApiOperation({ summary: 'Take your emoji off a message (none there changes nothing)' })
  @ApiParam({ name: 'emoji', example: '%F0%9F%91%8D' })
  @ApiOkResponse({ type: ChatMessageDto })
  @ApiErrors(400, 403)
  @ApiError(404, MESSAGE_NOT_FOUND)
  unreact(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') chatId: string,
    @SeqParam() seq: number,
    @EmojiParam() emoji: string,
  ): Promise<MessageChangeResult> {
    return this.changes.react(user.userId, chatId, seq, emoji, false);
  }

  @Delete('previews/:index')
  @ApiOperation({
    summary: 'Take a link preview off your own message (none with this index changes nothing)',
    description:
      "The server adds previews a moment after a send (the first 3 links of a text; the chat gets message:updated). Only the sender removes one (403 otherwise), not on a deleted message (409); `index` as in the message's `previews`.",
  })
  @ApiParam({ name: 'index', example: 0 })
  @ApiOkResponse({ type: ChatMessageDto, description: 'The message as it now is' })
  @ApiErrors(400, 403, 409)
  @ApiError(404, MESSAGE_NOT_FOUND)
  removePreview(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') chatId: string,
    @SeqParam() seq: number,
    @PreviewIndexParam() index: number,
  ): Promise<MessageChangeResult> {
    return this.changes.removePreview(user.userId, chatId, seq, index);
  }
}
