import {
  Ack,
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  SocketDeleteMessageDto,
  SocketEditMessageDto,
  SocketPreviewDto,
  SocketReactionDto,
} from '../dto/message-change-requests.dto';
import { MessageChangesService } from '../message-changes.service';
import type { ChatSocket } from '../fanout/chat-socket';
import { userOf } from './socket-auth.middleware';
import { SocketEventRunner, type ClientAck } from './socket-event-runner';
import { validatePayload } from './ws-ack';

/**
 * Socket.IO events that change stored messages (docs/realtime.md). Each is acknowledged with the
 * message as it now is, then `message:updated` goes to the chat (the order of
 * docs/architecture.md#persist-then-ack-then-fan-out).
 */
@WebSocketGateway()
export class MessageChangesGateway {
  constructor(
    private readonly changes: MessageChangesService,
    private readonly events: SocketEventRunner,
  ) {}

  @SubscribeMessage('message:edit')
  edit(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'message:edit'>,
  ): Promise<void> {
    return this.events.runAnnounced(socket, 'message:edit', ack, async () => {
      const body = await validatePayload(SocketEditMessageDto, payload);
      return this.changes.edit(userOf(socket).userId, body.chatId, body.seq, body.text);
    });
  }

  @SubscribeMessage('message:delete')
  delete(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'message:delete'>,
  ): Promise<void> {
    return this.events.runAnnounced(socket, 'message:delete', ack, async () => {
      const body = await validatePayload(SocketDeleteMessageDto, payload);
      return this.changes.delete(userOf(socket).userId, body.chatId, body.seq);
    });
  }

  @SubscribeMessage('reaction:add')
  react(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'reaction:add'>,
  ): Promise<void> {
    return this.events.runAnnounced(socket, 'reaction:add', ack, async () => {
      const body = await validatePayload(SocketReactionDto, payload);
      return this.changes.react(userOf(socket).userId, body.chatId, body.seq, body.emoji, true);
    });
  }

  @SubscribeMessage('reaction:remove')
  unreact(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'reaction:remove'>,
  ): Promise<void> {
    return this.events.runAnnounced(socket, 'reaction:remove', ack, async () => {
      const body = await validatePayload(SocketReactionDto, payload);
      return this.changes.react(userOf(socket).userId, body.chatId, body.seq, body.emoji, false);
    });
  }

  @SubscribeMessage('preview:remove')
  removePreview(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'preview:remove'>,
  ): Promise<void> {
    return this.events.runAnnounced(socket, 'preview:remove', ack, async () => {
      const body = await validatePayload(SocketPreviewDto, payload);
      const { chatId, seq, index } = body;
      return this.changes.removePreview(userOf(socket).userId, chatId, seq, index);
    });
  }
}
