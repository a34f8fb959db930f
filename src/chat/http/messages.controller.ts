import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthUser } from '@app/auth';
import type { ChatMessage, MarkResult } from '@app/contracts';
import { ApiErrors, badField, UuidParam } from '@app/http';
import {
  ChatMessageDto,
  MarkResultDto,
  MessageListDto,
  MessagePageDto,
} from '../dto/chat-responses.dto';
import {
  HistoryQuery,
  SearchMessagesQuery,
  SendMessageDto,
  SeqDto,
} from '../dto/message-requests.dto';
import { MessagesService } from '../messages.service';
import { SendPipeline } from '../send/send-pipeline';
import type { SentMessage } from '../send/sent-message';
import { AnnounceAfterResponseInterceptor } from './announce-after-response.interceptor';

@ApiTags('messages')
@ApiErrors(401, 429)
@Controller()
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly sender: SendPipeline,
  ) {}

  @Get('chats/:id/messages')
  @ApiOperation({
    summary: 'A page of history',
    description:
      '`beforeSeq`: older messages, newest first. `afterSeq`: newer messages, oldest first. Neither: the newest.',
  })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiErrors(400, 404)
  history(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') chatId: string,
    @Query() query: HistoryQuery,
  ): Promise<{ items: ChatMessage[]; hasMore: boolean }> {
    const given = (['beforeSeq', 'afterSeq', 'afterChangeSeq'] as const).filter(
      (field) => query[field] !== undefined,
    );
    if (given.length > 1) {
      throw badField(
        given[1],
        `Give one of beforeSeq, afterSeq and afterChangeSeq, not ${given.join(' and ')}`,
      );
    }
    return this.messages.history(user.userId, chatId, query);
  }

  @Post('chats/:id/messages')
  @UseInterceptors(AnnounceAfterResponseInterceptor)
  @ApiOperation({
    summary: 'Send text, an image, or an image with a caption (the same path as message:send)',
    description:
      'Returned once stored. Sending the same clientMessageId again returns the original with 200. An image is first uploaded with POST /media; its id can be sent once, by its uploader (409 when already used).',
  })
  @ApiCreatedResponse({ type: ChatMessageDto })
  @ApiOkResponse({ type: ChatMessageDto, description: 'Already sent: the original message' })
  @ApiErrors(400, 403, 409, 503)
  async send(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') chatId: string,
    @Body() body: SendMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SentMessage> {
    const sent = await this.sender.send(user.userId, chatId, body);
    res.status(sent.created ? HttpStatus.CREATED : HttpStatus.OK);
    return sent;
  }

  @Post('chats/:id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark messages up to seq as read (the mark only moves forward)' })
  @ApiOkResponse({ type: MarkResultDto })
  @ApiErrors(400, 403)
  markRead(
    @CurrentUser() user: AuthUser,
    @UuidParam('id') chatId: string,
    @Body() body: SeqDto,
  ): Promise<MarkResult> {
    return this.messages.markRead(user.userId, chatId, body.seq);
  }

  @Get('messages/search')
  @ApiOperation({
    summary: 'Full-text search over your own chats, newest first',
    description:
      'Text messages and image captions with every word of `q` as a whole word, except the last, which also matches the start of a word, as people type: `hello wor` finds "hello world". Case does not matter; punctuation and symbols only separate words, so a `q` of punctuation alone finds nothing.',
  })
  @ApiOkResponse({ type: MessageListDto })
  @ApiErrors(400, 404)
  async search(
    @CurrentUser() user: AuthUser,
    @Query() query: SearchMessagesQuery,
  ): Promise<{ items: ChatMessage[] }> {
    return { items: await this.messages.search(user.userId, query.q, query.chatId, query.limit) };
  }
}
