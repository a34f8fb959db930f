import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { MediaAccess } from '@app/contracts';
import { DatabaseModule, repositoryProvider } from '@app/database';
import { KvModule } from '@app/kv';
import { MetricsModule } from '@app/observability';
import { ChatAccess } from './chat-access.service';
import { ChatMediaAccess } from './chat-media-access';
import { ChatViewsAssembler } from './chat-views.assembler';
import { ChatsController } from './chats.controller';
import { ChatsService } from './chats.service';
import { MessageRateLimiter } from './message-rate.limiter';
import { SendAdmission } from './send-admission';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { ChatsRepository } from './persistence/chats.repository';
import { MessagesRepository } from './persistence/messages.repository';
import { MongoChatsRepository } from './persistence/mongo-chats.repository';
import { MongoMessagesRepository } from './persistence/mongo-messages.repository';
import { SqlChatsRepository } from './persistence/sql-chats.repository';
import { SqlMessagesRepository } from './persistence/sql-messages.repository';
import { ChatGateway } from './realtime/chat.gateway';
import { PresenceService } from './realtime/presence.service';
import { RealtimePublisher } from './realtime/realtime.publisher';
import { SocketConnectionsGauge } from './realtime/socket-connections.gauge';
import { SocketEventBudget } from './realtime/socket-event-budget';
import { SocketSessions } from './realtime/socket-sessions';
import { TypingService } from './realtime/typing.service';
import { UnreadReminders } from './realtime/unread-reminders.service';

/**
 * Chats, members, messages, receipts, typing and presence, over REST and Socket.IO. Offers
 * `MediaAccess`; needs `UserDirectory`, `MediaLibrary` and `MailQueue` (unread reminders), bound by
 * the app in `PortsModule`.
 */
@Module({
  imports: [DatabaseModule, KvModule, AuthModule, MetricsModule],
  controllers: [ChatsController, MessagesController],
  providers: [
    repositoryProvider(ChatsRepository, {
      sql: (db) => new SqlChatsRepository(db),
      mongodb: (connection) => MongoChatsRepository.create(connection),
    }),
    repositoryProvider(MessagesRepository, {
      sql: (db) => new SqlMessagesRepository(db),
      mongodb: (connection) => MongoMessagesRepository.create(connection),
    }),
    ChatAccess,
    ChatViewsAssembler,
    ChatsService,
    MessagesService,
    MessageRateLimiter,
    SendAdmission,
    RealtimePublisher,
    PresenceService,
    TypingService,
    UnreadReminders,
    ChatGateway,
    SocketConnectionsGauge,
    SocketEventBudget,
    SocketSessions,
    { provide: MediaAccess, useClass: ChatMediaAccess },
  ],
  exports: [MediaAccess],
})
export class ChatModule {}
