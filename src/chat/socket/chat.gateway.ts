import { Inject, Logger } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { AccessTokenVerifier } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UNAVAILABLE_CONNECT_ERROR } from '@app/contracts';
import {
  AuthRenewDto,
  ChatSyncDto,
  PresenceGetDto,
  SocketChatIdDto,
  SocketSendMessageDto,
  SocketSeqDto,
  VisibilityDto,
} from '../dto/message-requests.dto';
import { ChatAccess } from '../chat-access';
import { ChatSyncService } from '../chat-sync.service';
import { MessagesService } from '../messages.service';
import { SendPipeline } from '../send/send-pipeline';
import { PageVisibility } from '../page-visibility';
import { PresenceService } from '../presence.service';
import type { ChatServer, ChatSocket } from '../fanout/chat-socket';
import { RealtimePublisher } from '../fanout/realtime-publisher';
import { blockedByRoom, chatRoom, userRoom } from '../fanout/rooms';
import { socketAuthMiddleware, userOf } from './socket-auth.middleware';
import { SocketConnectionsGauge } from './socket-connections-gauge';
import { SocketEventRunner, type ClientAck } from './socket-event-runner';
import { SocketSessions } from './socket-sessions';
import { TypingService } from '../typing.service';
import { validatePayload } from './ws-ack';

/** Socket.IO protocol of docs/realtime.md: translates events to service calls and sends the acks. */
@WebSocketGateway()
export class ChatGateway implements OnGatewayInit, OnGatewayDisconnect {
  private readonly logger = new Logger('ChatGateway');

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly publisher: RealtimePublisher,
    private readonly sender: SendPipeline,
    private readonly messages: MessagesService,
    private readonly syncing: ChatSyncService,
    private readonly access: ChatAccess,
    private readonly presence: PresenceService,
    private readonly visibility: PageVisibility,
    private readonly typing: TypingService,
    private readonly connections: SocketConnectionsGauge,
    private readonly events: SocketEventRunner,
    private readonly sessions: SocketSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(server: ChatServer): void {
    this.publisher.attach(server);
    this.sessions.attach(server);
    this.connections.track(server);
    server.use(socketAuthMiddleware(this.verifier, this.config.http.webOrigins));
    server.use(
      (socket, next) => void this.joinRooms(socket).then(() => this.admit(socket, next), next),
    );
  }

  /**
   * Socket.IO connects the socket on the next tick unless the client left during the middleware;
   * then no disconnect ever comes, so the bookkeeping of joinRooms is undone here instead.
   */
  private admit(socket: ChatSocket, next: () => void): void {
    next();
    setImmediate(() => {
      if (!socket.connected) void this.forget(socket);
    });
  }

  /**
   * Rooms are joined here, by the server, and nowhere at a client's request. As middleware, it
   * finishes before the client sees `connect`, so nothing sent after that can miss the socket.
   * Besides their own and their chats' rooms, a person's sockets join the room of everyone who
   * blocked them, which those people's typing and receipts skip.
   */
  private async joinRooms(socket: ChatSocket): Promise<void> {
    const { userId } = userOf(socket);
    try {
      const { chatIds, blockerIds } = await this.access.connectionScope(userId);
      await socket.join([
        userRoom(userId),
        ...chatIds.map(chatRoom),
        ...blockerIds.map(blockedByRoom),
      ]);
      await this.sessions.track(socket);
      // Before the client sees `connect`: whoever asks after that already sees this person online.
      await this.presence.connected(userId, socket.id, chatIds);
    } catch (error) {
      this.logger.error({ err: error }, 'Could not join rooms; the client is refused and retries');
      throw new Error(UNAVAILABLE_CONNECT_ERROR);
    }
  }

  // Nest ignores what this returns: a rejection would end the process, so none escapes.
  handleDisconnect(socket: ChatSocket): Promise<void> {
    return this.forget(socket);
  }

  private async forget(socket: ChatSocket): Promise<void> {
    try {
      this.sessions.untrack(socket);
      const { userId } = userOf(socket);
      this.typing.stopAll(userId);
      await this.visibility.forget(userId, socket.id);
      await this.presence.disconnected(userId, socket.id);
    } catch (error) {
      this.logger.error({ err: error }, 'Disconnection bookkeeping failed');
    }
  }

  @SubscribeMessage('message:send')
  send(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'message:send'>,
  ): Promise<void> {
    return this.events.runAnnounced(socket, 'message:send', ack, async () => {
      const body = await validatePayload(SocketSendMessageDto, payload);
      return this.sender.send(userOf(socket).userId, body.chatId, body);
    });
  }

  @SubscribeMessage('message:read')
  read(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'message:read'>,
  ): Promise<void> {
    return this.events.run(socket, 'message:read', ack, async () => {
      const body = await validatePayload(SocketSeqDto, payload);
      return this.messages.markRead(userOf(socket).userId, body.chatId, body.seq);
    });
  }

  @SubscribeMessage('message:delivered')
  delivered(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'message:delivered'>,
  ): Promise<void> {
    return this.events.run(socket, 'message:delivered', ack, async () => {
      const body = await validatePayload(SocketSeqDto, payload);
      return this.messages.markDelivered(userOf(socket).userId, body.chatId, body.seq);
    });
  }

  @SubscribeMessage('typing:start')
  typingStart(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'typing:start'>,
  ): Promise<void> {
    return this.events.run(socket, 'typing:start', ack, async () => {
      const body = await validatePayload(SocketChatIdDto, payload);
      await this.typing.start(userOf(socket).userId, body.chatId);
      return null;
    });
  }

  @SubscribeMessage('typing:stop')
  typingStop(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'typing:stop'>,
  ): Promise<void> {
    return this.events.run(socket, 'typing:stop', ack, async () => {
      const body = await validatePayload(SocketChatIdDto, payload);
      this.typing.stop(userOf(socket).userId, body.chatId);
      return null;
    });
  }

  @SubscribeMessage('chat:sync')
  sync(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'chat:sync'>,
  ): Promise<void> {
    return this.events.run(socket, 'chat:sync', ack, async (allowance) => {
      const body = await validatePayload(ChatSyncDto, payload);
      return this.syncing.sync(userOf(socket).userId, body.cursors, allowance());
    });
  }

  @SubscribeMessage('presence:get')
  presenceGet(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'presence:get'>,
  ): Promise<void> {
    return this.events.run(socket, 'presence:get', ack, async () => {
      const body = await validatePayload(PresenceGetDto, payload);
      return this.presence.states(userOf(socket).userId, body.userIds);
    });
  }

  @SubscribeMessage('auth:renew')
  renew(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'auth:renew'>,
  ): Promise<void> {
    return this.events.run(socket, 'auth:renew', ack, async () => {
      const body = await validatePayload(AuthRenewDto, payload);
      return this.sessions.renew(socket, body.token);
    });
  }

  @SubscribeMessage('client:visibility')
  visible(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody() payload: unknown,
    @Ack() ack: ClientAck<'client:visibility'>,
  ): Promise<void> {
    return this.events.run(socket, 'client:visibility', ack, async () => {
      const body = await validatePayload(VisibilityDto, payload);
      return this.visibility.changed(userOf(socket).userId, socket.id, body.visible);
    });
  }
}
