import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { AccessTokenVerifier } from '@app/auth';
import {
  UNAVAILABLE_CONNECT_ERROR,
  type Ack,
  type ChatMessage,
  type ChatSyncResult,
  type MarkResult,
  type PresenceState,
} from '@app/contracts';
import {
  ChatSyncDto,
  PresenceGetDto,
  SocketChatIdDto,
  SocketSendMessageDto,
  SocketSeqDto,
} from '../dto/message-requests.dto';
import { MessagesService } from '../messages.service';
import { ChatsRepository } from '../persistence/chats.repository';
import { PresenceService } from './presence.service';
import { RealtimePublisher, type ChatServer } from './realtime.publisher';
import { chatIdsOfRooms, chatRoom, userRoom } from './rooms';
import { socketAuthMiddleware, userOf } from './socket-auth.middleware';
import { SocketConnectionsGauge } from './socket-connections.gauge';
import { TypingService } from './typing.service';
import { acknowledge, validatePayload } from './ws-ack';

/** Socket.IO protocol of docs/realtime.md: translates events to service calls and answers acks. */
@WebSocketGateway()
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('ChatGateway');

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly publisher: RealtimePublisher,
    private readonly messages: MessagesService,
    private readonly chats: ChatsRepository,
    private readonly presence: PresenceService,
    private readonly typing: TypingService,
    private readonly connections: SocketConnectionsGauge,
  ) {}

  afterInit(server: ChatServer): void {
    this.publisher.attach(server);
    this.connections.track(server);
    server.use(socketAuthMiddleware(this.verifier));
    server.use((socket, next) => void this.joinRooms(socket).then(() => next(), next));
  }

  /**
   * Rooms are joined here, by the server, and nowhere at a client's request. As middleware, it
   * finishes before the client sees `connect`, so nothing sent after that can miss the socket.
   */
  private async joinRooms(socket: Socket): Promise<void> {
    const { userId } = userOf(socket);
    try {
      const chatIds = await this.chats.chatIdsOfUser(userId);
      await socket.join([userRoom(userId), ...chatIds.map(chatRoom)]);
    } catch (error) {
      this.logger.error({ err: error }, 'Could not join rooms; the client is refused and retries');
      throw new Error(UNAVAILABLE_CONNECT_ERROR);
    }
  }

  async handleConnection(socket: Socket): Promise<void> {
    // The rooms were joined from the database a moment ago: the chats to announce to, without asking again.
    await this.presence.connected(userOf(socket).userId, socket.id, chatIdsOfRooms(socket.rooms));
  }

  async handleDisconnect(socket: Socket): Promise<void> {
    const { userId } = userOf(socket);
    this.typing.stopAll(userId);
    await this.presence.disconnected(userId, socket.id);
  }

  @SubscribeMessage('message:send')
  send(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<ChatMessage>> {
    return acknowledge(async () => {
      const body = await validatePayload(SocketSendMessageDto, payload);
      return (await this.messages.send(userOf(socket).userId, body.chatId, body)).message;
    });
  }

  @SubscribeMessage('message:read')
  read(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<MarkResult>> {
    return acknowledge(async () => {
      const body = await validatePayload(SocketSeqDto, payload);
      return this.messages.markRead(userOf(socket).userId, body.chatId, body.seq);
    });
  }

  @SubscribeMessage('message:delivered')
  delivered(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<MarkResult>> {
    return acknowledge(async () => {
      const body = await validatePayload(SocketSeqDto, payload);
      return this.messages.markDelivered(userOf(socket).userId, body.chatId, body.seq);
    });
  }

  @SubscribeMessage('typing:start')
  typingStart(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<null>> {
    return acknowledge(async () => {
      const body = await validatePayload(SocketChatIdDto, payload);
      await this.typing.start(userOf(socket).userId, body.chatId);
      return null;
    });
  }

  @SubscribeMessage('typing:stop')
  typingStop(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<null>> {
    return acknowledge(async () => {
      const body = await validatePayload(SocketChatIdDto, payload);
      this.typing.stop(userOf(socket).userId, body.chatId);
      return null;
    });
  }

  @SubscribeMessage('chat:sync')
  sync(
    @ConnectedSocket() socket: Socket,
    @MessageBody() payload: unknown,
  ): Promise<Ack<ChatSyncResult>> {
    return acknowledge(async () => {
      const body = await validatePayload(ChatSyncDto, payload);
      return this.messages.sync(userOf(socket).userId, body.cursors);
    });
  }

  @SubscribeMessage('presence:get')
  presenceGet(@MessageBody() payload: unknown): Promise<Ack<PresenceState[]>> {
    return acknowledge(async () => {
      const body = await validatePayload(PresenceGetDto, payload);
      return this.presence.states(body.userIds);
    });
  }
}
