import type { SendMessagePayload } from '@app/contracts';
import type { Announced } from '../announced';

/** A send as the contract defines it, the chat aside (it is an argument); text comes trimmed. */
export type NewMessageInput = Omit<SendMessagePayload, 'chatId'>;

/** What a send gives its caller: the message, and whether it was stored now or before (a retry). */
export interface SentMessage extends Announced {
  /** false when this `clientMessageId` had already been sent: the original, announced before. */
  created: boolean;
}
