import type { ClientToServerEvents, EventPayload } from '@app/contracts';
import {
  SocketDeleteMessageDto,
  SocketEditMessageDto,
  SocketPreviewDto,
  SocketReactionDto,
} from '../src/chat/dto/message-change-requests.dto';
import {
  AuthRenewDto,
  VisibilityDto,
  ChatSyncDto,
  PresenceGetDto,
  SocketChatIdDto,
  SocketSendMessageDto,
  SocketSeqDto,
} from '../src/chat/dto/message-requests.dto';

export type PayloadDto<E extends keyof ClientToServerEvents> = abstract new (
  ...args: never[]
) => EventPayload<E>;

/**
 * The DTO each gateway handler validates its event's payload with: the source of the field tables
 * of docs/realtime.md. Typed against the event map (a DTO that does not fit its payload, or a
 * missing event, does not compile); realtime-docs.spec.ts checks the gateways use these very DTOs.
 */
export const PAYLOAD_DTOS: { [E in keyof ClientToServerEvents]: PayloadDto<E> } = {
  'message:send': SocketSendMessageDto,
  'message:edit': SocketEditMessageDto,
  'message:delete': SocketDeleteMessageDto,
  'reaction:add': SocketReactionDto,
  'reaction:remove': SocketReactionDto,
  'preview:remove': SocketPreviewDto,
  'message:read': SocketSeqDto,
  'message:delivered': SocketSeqDto,
  'typing:start': SocketChatIdDto,
  'typing:stop': SocketChatIdDto,
  'chat:sync': ChatSyncDto,
  'presence:get': PresenceGetDto,
  'auth:renew': AuthRenewDto,
  'client:visibility': VisibilityDto,
};
