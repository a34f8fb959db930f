import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { MediaAccess } from '@app/contracts';
import { DatabaseModule, repositoryProvider } from '@app/database';
import { KvModule } from '@app/kv';
import { MetricsModule } from '@app/observability';
import { BlocksController } from './http/blocks.controller';
import { BlocksService } from './blocks.service';
import { ChatAccess } from './chat-access';
import { ChatMutesService } from './chat-mutes.service';
import { ChatSyncService } from './chat-sync.service';
import { ChatMediaAccess } from './chat-media-access';
import { ChatViewsAssembler } from './chat-views-assembler';
import { ChatsController } from './http/chats.controller';
import { ChatsService } from './chats.service';
import { MessageRateLimiter } from './message-rate-limiter';
import { SendAdmission } from './send/send-admission';
import { SendPipeline } from './send/send-pipeline';
import { MessageChangesController } from './http/message-changes.controller';
import { MessageChangesService } from './message-changes.service';
import { MessagesController } from './http/messages.controller';
import { MessagesService } from './messages.service';
import { BlocksRepository } from './persistence/blocks.repository';
import { ChatsRepository } from './persistence/chats.repository';
import { MessagesRepository } from './persistence/messages.repository';
import { MongoBlocksRepository } from './persistence/mongo/mongo-blocks.repository';
import { MongoChatsRepository } from './persistence/mongo/mongo-chats.repository';
import { MongoMessagesRepository } from './persistence/mongo/mongo-messages.repository';
import { SqlBlocksRepository } from './persistence/sql/sql-blocks.repository';
import { SqlChatsRepository } from './persistence/sql/sql-chats.repository';
import { SqlMessagesRepository } from './persistence/sql/sql-messages.repository';
import { ChatGateway } from './socket/chat.gateway';
import { MentionReminders } from './reminders/mention-reminders';
import { PushAlerts } from './reminders/push-alerts';
import { PageVisibility } from './page-visibility';
import { LinkPreviews } from './previews/link-previews';
import { PreviewCache } from './previews/preview-cache';
import { PreviewFetcher } from './previews/preview-fetcher';
import { MessageChangesGateway } from './socket/message-changes.gateway';
import { PresenceService } from './presence.service';
import { RealtimePublisher } from './fanout/realtime-publisher';
import { SocketConnectionsGauge } from './socket/socket-connections-gauge';
import { SocketEventBudget } from './socket/socket-event-budget';
import { SocketEventRunner } from './socket/socket-event-runner';
import { SocketSessions } from './socket/socket-sessions';
import { TypingService } from './typing.service';
import { UnreadReminders } from './reminders/unread-reminders';

/**
 * Chats, members, messages, receipts, typing and presence, over REST and Socket.IO. Offers
 * `MediaAccess`; needs `UserDirectory`, `MediaLibrary`, `LinkPreviewImages`, `MailQueue` (unread
 * reminders) and `PushNotifications`, bound by the app in `PortsModule`.
 */
@Module({
  imports: [DatabaseModule, KvModule, AuthModule, MetricsModule],
  controllers: [ChatsController, MessagesController, MessageChangesController, BlocksController],
  providers: [
    repositoryProvider(ChatsRepository, {
      sql: (db) => new SqlChatsRepository(db),
      mongodb: (connection) => MongoChatsRepository.create(connection),
    }),
    repositoryProvider(MessagesRepository, {
      sql: (db) => new SqlMessagesRepository(db),
      mongodb: (connection) => MongoMessagesRepository.create(connection),
    }),
    repositoryProvider(BlocksRepository, {
      sql: (db) => new SqlBlocksRepository(db),
      mongodb: (connection) => MongoBlocksRepository.create(connection),
    }),
    BlocksService,
    ChatAccess,
    ChatViewsAssembler,
    ChatsService,
    ChatMutesService,
    ChatSyncService,
    MessagesService,
    MessageChangesService,
    MessageRateLimiter,
    SendAdmission,
    SendPipeline,
    RealtimePublisher,
    PresenceService,
    TypingService,
    UnreadReminders,
    MentionReminders,
    PushAlerts,
    PageVisibility,
    LinkPreviews,
    PreviewCache,
    PreviewFetcher,
    ChatGateway,
    MessageChangesGateway,
    SocketConnectionsGauge,
    SocketEventBudget,
    SocketEventRunner,
    SocketSessions,
    { provide: MediaAccess, useClass: ChatMediaAccess },
  ],
  exports: [MediaAccess],
})
export class ChatModule {}
