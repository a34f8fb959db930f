import type { MediaView } from '@app/contracts';
import type { NewMessage } from '../persistence/chat.records';

/** What the media module returns for an upload; repositories store it as given. */
export const storedMediaView = (id: string): MediaView => ({
  id,
  url: `/api/v1/media/${id}`,
  thumbnailUrl: `/api/v1/media/${id}/thumbnail`,
  mimeType: 'image/jpeg',
  size: 2048,
  width: 640,
  height: 480,
});

/** A member's text message as the repositories take it; its text is its client id. */
export const memberText = (
  chatId: string,
  senderId: string,
  clientMessageId: string,
  extra: Partial<Omit<NewMessage, 'senderId'>> = {},
): NewMessage & { senderId: string } => ({
  chatId,
  senderId,
  clientMessageId,
  kind: 'text',
  text: clientMessageId,
  mediaId: null,
  media: null,
  system: null,
  replyToSeq: null,
  mentions: [],
  ...extra,
});

/** from, from + 1, …, to: the seqs a chat should hold. */
export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
