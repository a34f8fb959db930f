import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { ChatInfo, ChatMessage, ChatUpdateReason, PresenceState } from '@app/contracts';
import type { ChatServer } from './chat-socket';
import { blockedByRoom, chatRoom, userRoom } from './rooms';

/**
 * Fan-out to sockets, after the data is committed. With the Redis adapter every call reaches the
 * sockets of every instance. A failure here never fails the operation: clients catch up by seq.
 */
@Injectable()
export class RealtimePublisher implements OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private server?: ChatServer;

  attach(server: ChatServer): void {
    this.server = server;
  }

  /** Shutting down: the sockets closing now must not publish through adapters being closed. */
  onModuleDestroy(): void {
    this.server = undefined;
  }

  messageCreated(message: ChatMessage): void {
    this.safely(() => this.server?.to(chatRoom(message.chatId)).emit('message:new', { message }));
  }

  messageUpdated(message: ChatMessage): void {
    this.safely(() =>
      this.server?.to(chatRoom(message.chatId)).emit('message:updated', { message }),
    );
  }

  /** Not to the people `userId` blocked: their reading is none of a blocked person's business. */
  marked(
    event: 'message:read' | 'message:delivered',
    chatId: string,
    userId: string,
    seq: number,
  ): void {
    this.safely(() =>
      this.server
        ?.to(chatRoom(chatId))
        .except(blockedByRoom(userId))
        .emit(event, { chatId, userId, seq }),
    );
  }

  /**
   * To the chat's room, and to `joining` people directly, whose sockets elsewhere may not have
   * moved yet; a member with a copy of their own (`personal`) gets that copy instead.
   */
  chatUpdated(
    reason: ChatUpdateReason,
    chat: ChatInfo,
    joining: readonly string[] = [],
    personal: readonly { userId: string; chat: ChatInfo }[] = [],
  ): void {
    const rooms = [chatRoom(chat.id), ...joining.map(userRoom)];
    const apart = personal.map((copy) => userRoom(copy.userId));
    this.safely(() => {
      this.server?.to(rooms).except(apart).emit('chat:updated', { reason, chat });
      for (const copy of personal) {
        this.server?.to(userRoom(copy.userId)).emit('chat:updated', { reason, chat: copy.chat });
      }
    });
  }

  /** Not to the typist's own tabs, nor to the people the typist blocked. */
  typing(chatId: string, userId: string, isTyping: boolean): void {
    this.safely(() =>
      this.server
        ?.to(chatRoom(chatId))
        .except([userRoom(userId), blockedByRoom(userId)])
        .emit('typing', { chatId, userId, isTyping }),
    );
  }

  /** To the chats' rooms, except the sockets of `hiddenFrom` (people the user blocked). */
  presence(
    chatIds: readonly string[],
    state: PresenceState,
    hiddenFrom: readonly string[] = [],
  ): void {
    if (chatIds.length === 0) return;
    this.safely(() =>
      this.server
        ?.to(chatIds.map(chatRoom))
        .except(hiddenFrom.map(userRoom))
        .emit('presence', state),
    );
  }

  /** To one person's sockets only. */
  presenceTo(userId: string, state: PresenceState): void {
    this.safely(() => this.server?.to(userRoom(userId)).emit('presence', state));
  }

  /**
   * Moves every socket of these users, on every instance, into the chat's room. This instance's
   * sockets move at once; the Redis adapter only moves sockets through pub/sub, even local ones,
   * so an event emitted right after would miss them. Other instances follow asynchronously; an
   * event racing that is still caught up by seq.
   */
  joinChat(userIds: readonly string[], chatId: string): void {
    if (userIds.length === 0) return;
    const rooms = userIds.map(userRoom);
    this.safely(() => this.server?.local.in(rooms).socketsJoin(chatRoom(chatId)));
    this.safely(() => this.server?.in(rooms).socketsJoin(chatRoom(chatId)));
  }

  leaveChat(userId: string, chatId: string): void {
    this.safely(() => this.server?.local.in(userRoom(userId)).socketsLeave(chatRoom(chatId)));
    this.safely(() => this.server?.in(userRoom(userId)).socketsLeave(chatRoom(chatId)));
  }

  /**
   * After `blockerId` blocked (or unblocked) `blockedId`: the blocked person's sockets, on every
   * instance, enter (or leave) the room the blocker's typing and receipts skip. Their later
   * connections join it as they connect (ChatGateway), as they join their chats' rooms.
   */
  blockChanged(blockerId: string, blockedId: string, blocked: boolean): void {
    const room = blockedByRoom(blockerId);
    const theirs = userRoom(blockedId);
    // This instance's sockets at once, as in joinChat: the Redis adapter moves even those late.
    if (blocked) {
      this.safely(() => this.server?.local.in(theirs).socketsJoin(room));
      this.safely(() => this.server?.in(theirs).socketsJoin(room));
    } else {
      this.safely(() => this.server?.local.in(theirs).socketsLeave(room));
      this.safely(() => this.server?.in(theirs).socketsLeave(room));
    }
  }

  private safely(emit: () => unknown): void {
    try {
      emit();
    } catch (error) {
      this.logger.error({ err: error }, 'Fan-out failed; clients will catch up by seq');
    }
  }
}
