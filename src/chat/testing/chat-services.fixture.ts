import { Test } from '@nestjs/testing';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, loadConfig } from '@app/config';
import {
  MediaLibrary,
  UserDirectory,
  type AttachMediaResult,
  type ChatInfo,
  type ChatMessage,
  type ChatUpdateReason,
  type DirectoryProfile,
  type UserContact,
} from '@app/contracts';
import { newId, openDatabase } from '@app/database';
import { KeyValueStore, MemoryKeyValueStore } from '@app/kv';
import { freshDataDir } from '@app/testing';
import { ChatAccess } from '../chat-access.service';
import { ChatViewsAssembler } from '../chat-views.assembler';
import { ChatsService } from '../chats.service';
import { MessageRateLimiter } from '../message-rate.limiter';
import { ChatMutesService } from '../chat-mutes.service';
import { ChatSyncService } from '../chat-sync.service';
import { MessageChangesService } from '../message-changes.service';
import { MessagesService } from '../messages.service';
import { BlocksRepository } from '../persistence/blocks.repository';
import { SqlBlocksRepository } from '../persistence/sql-blocks.repository';
import { ChatsRepository } from '../persistence/chats.repository';
import { MessagesRepository } from '../persistence/messages.repository';
import { SqlChatsRepository } from '../persistence/sql-chats.repository';
import { SqlMessagesRepository } from '../persistence/sql-messages.repository';
import { MentionReminders } from '../realtime/mention-reminders';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { SendAdmission } from '../send-admission';

/** What the services asked the sockets to do, in order, instead of doing it. */
export type Published =
  | { event: 'message:new'; chatId: string; message: ChatMessage }
  | { event: 'message:updated'; chatId: string; message: ChatMessage }
  | { event: 'message:read'; chatId: string; userId: string; seq: number }
  | { event: 'message:delivered'; chatId: string; userId: string; seq: number }
  | {
      event: 'chat:updated';
      chatId: string;
      reason: ChatUpdateReason;
      chat: ChatInfo;
      /** People told directly, before their sockets have moved into the chat's room. */
      joining: string[];
    }
  | { event: 'join'; chatId: string; userIds: string[] }
  | { event: 'leave'; chatId: string; userId: string };

/** Records fan-out instead of emitting it: the tests check what people would have been told. */
export class RecordingPublisher extends RealtimePublisher {
  readonly published: Published[] = [];

  /** Everything published about one chat; each test works in chats of its own. */
  about(chatId: string): Published[] {
    return this.published.filter((p) => p.chatId === chatId);
  }

  /** What was published about one chat of one kind, in order. */
  told<E extends Published['event']>(
    chatId: string,
    event: E,
  ): Array<Extract<Published, { event: E }>> {
    return this.about(chatId).filter(
      (p): p is Extract<Published, { event: E }> => p.event === event,
    );
  }

  override messageCreated(message: ChatMessage): void {
    this.published.push({ event: 'message:new', chatId: message.chatId, message });
  }

  override messageUpdated(message: ChatMessage): void {
    this.published.push({ event: 'message:updated', chatId: message.chatId, message });
  }

  override marked(
    event: 'message:read' | 'message:delivered',
    chatId: string,
    userId: string,
    seq: number,
  ): void {
    this.published.push({ event, chatId, userId, seq });
  }

  override chatUpdated(
    reason: ChatUpdateReason,
    chat: ChatInfo,
    joining: readonly string[] = [],
  ): void {
    this.published.push({
      event: 'chat:updated',
      chatId: chat.id,
      reason,
      chat,
      joining: [...joining],
    });
  }

  /** Moving nobody moves no socket, so it is not recorded. */
  override joinChat(userIds: readonly string[], chatId: string): void {
    if (userIds.length > 0) this.published.push({ event: 'join', chatId, userIds: [...userIds] });
  }

  override leaveChat(userId: string, chatId: string): void {
    this.published.push({ event: 'leave', chatId, userId });
  }
}

/** The users domain reduced to a list of names: chat only needs to know who exists. */
export class InMemoryUserDirectory extends UserDirectory {
  private readonly profiles = new Map<string, DirectoryProfile>();

  /** New people, one id per name. */
  add(...names: string[]): string[] {
    return names.map((name) => {
      const id = newId();
      this.profiles.set(id, {
        id,
        name,
        avatarUrl: null,
        avatarThumbnailUrl: null,
        lastSeenAt: null,
      });
      return id;
    });
  }

  async getMany(ids: readonly string[]): Promise<DirectoryProfile[]> {
    return ids.flatMap((id) => this.profiles.get(id) ?? []);
  }

  async exists(id: string): Promise<boolean> {
    return this.profiles.has(id);
  }

  async getContact(id: string): Promise<UserContact | null> {
    const profile = this.profiles.get(id);
    return profile ? { email: `${id}@example.test`, name: profile.name } : null;
  }

  async recordLastSeen(): Promise<void> {}
}

/** Uploads that exist only as ids: each can be put to use once, by whoever uploaded it. */
export class InMemoryMediaLibrary extends MediaLibrary {
  private readonly uploads = new Map<string, { ownerId: string; used: boolean }>();

  upload(ownerId: string): string {
    const id = newId();
    this.uploads.set(id, { ownerId, used: false });
    return id;
  }

  async attach(mediaId: string, ownerId: string): Promise<AttachMediaResult> {
    const upload = this.uploads.get(mediaId);
    if (!upload || upload.ownerId !== ownerId) return { ok: false, reason: 'not_yours' };
    if (upload.used) return { ok: false, reason: 'already_used' };
    upload.used = true;
    const url = `/api/v1/media/${mediaId}`;
    const media = { id: mediaId, url, thumbnailUrl: `${url}/thumbnail` };
    return {
      ok: true,
      media: { ...media, mimeType: 'image/png', size: 1024, width: 64, height: 64 },
    };
  }

  async release(mediaId: string): Promise<void> {
    this.uploads.delete(mediaId);
  }

  /** Whether the upload still exists (not released). */
  has(mediaId: string): boolean {
    return this.uploads.has(mediaId);
  }
}

export interface ChatServices {
  chats: ChatsService;
  messages: MessagesService;
  changes: MessageChangesService;
  syncing: ChatSyncService;
  mutes: ChatMutesService;
  chatsRepository: ChatsRepository;
  messagesRepository: MessagesRepository;
  directory: InMemoryUserDirectory;
  media: InMemoryMediaLibrary;
  publisher: RecordingPublisher;
  close(): Promise<void>;
}

/**
 * The chat services as the app wires them, over SQL repositories on a copy of the migrated PGlite
 * template, without HTTP or Socket.IO. Opening PGlite takes about a second, so a spec file opens
 * one database and each test works in chats and with people of its own. `env` overrides the
 * configuration (the message rate limit is high unless a test asks otherwise).
 */
export async function startChatServices(env: Record<string, string> = {}): Promise<ChatServices> {
  const dataDir = freshDataDir('chat-services');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    MESSAGE_RATE_LIMIT: '100000',
    ...env,
  });
  const connection = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'db') });
  const kv = new MemoryKeyValueStore();
  const directory = new InMemoryUserDirectory();
  const media = new InMemoryMediaLibrary();
  const publisher = new RecordingPublisher();
  const module = await Test.createTestingModule({
    providers: [
      { provide: APP_CONFIG, useValue: config },
      { provide: ChatsRepository, useValue: new SqlChatsRepository(connection.db) },
      { provide: MessagesRepository, useValue: new SqlMessagesRepository(connection.db) },
      { provide: BlocksRepository, useValue: new SqlBlocksRepository(connection.db) },
      { provide: KeyValueStore, useValue: kv },
      { provide: UserDirectory, useValue: directory },
      { provide: MediaLibrary, useValue: media },
      { provide: RealtimePublisher, useValue: publisher },
      // Presence and e-mail reminders are not part of these services' behaviour under test.
      { provide: MentionReminders, useValue: { mentioned: () => undefined } },
      ChatAccess,
      ChatViewsAssembler,
      ChatsService,
      ChatMutesService,
      ChatSyncService,
      MessagesService,
      MessageChangesService,
      MessageRateLimiter,
      SendAdmission,
    ],
  }).compile();
  return {
    chats: module.get(ChatsService),
    messages: module.get(MessagesService),
    changes: module.get(MessageChangesService),
    syncing: module.get(ChatSyncService),
    mutes: module.get(ChatMutesService),
    chatsRepository: module.get(ChatsRepository),
    messagesRepository: module.get(MessagesRepository),
    directory,
    media,
    publisher,
    close: async () => {
      await module.close();
      await kv.close();
      await connection.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
