import { ConflictException } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { MediaLibrary, MediaView } from '@app/contracts';
import type { ChatAccess } from '../chat-access';
import type { MessageRateLimiter } from '../message-rate-limiter';
import type { MessageRecord } from '../persistence/chat.records';
import type { BlocksRepository } from '../persistence/blocks.repository';
import type { ChatsRepository } from '../persistence/chats.repository';
import type { MessagesRepository } from '../persistence/messages.repository';
import type { MentionReminders } from '../reminders/mention-reminders';
import type { PushAlerts } from '../reminders/push-alerts';
import type { LinkPreviews } from '../previews/link-previews';
import type { RealtimePublisher } from '../fanout/realtime-publisher';
import { SendAdmission } from './send-admission';
import { SendPipeline } from './send-pipeline';

const CHAT = 'chat-1';
const ADA = 'ada';
const image = { clientMessageId: 'c-1', mediaId: 'media-1' };

const stored: MessageRecord = {
  id: 'message-1',
  chatId: CHAT,
  seq: 7,
  senderId: ADA,
  clientMessageId: image.clientMessageId,
  kind: 'image',
  text: null,
  mediaId: image.mediaId,
  media: { id: image.mediaId } as MediaView,
  system: null,
  createdAt: new Date('2026-11-21T10:00:00Z'),
  editedAt: null,
  deletedAt: null,
  changeSeq: 7,
  replyToSeq: null,
  replyTo: null,
  reactions: [],
  mentions: [],
  previews: [],
};

/** A pipeline whose image is already claimed, and whose message store answers `lookups` in turn. */
function serviceWhereTheImageIsClaimed(lookups: (MessageRecord | null)[]) {
  const findByClientMessageId = jest.fn(() => Promise.resolve(lookups.shift() ?? null));
  const service = new SendPipeline(
    new SendAdmission({ chat: { maxSendsInFlight: 10 } } as AppConfig),
    {
      forWriteWithChat: () => Promise.resolve({ chat: { blocked: false } }),
    } as unknown as ChatAccess,
    { findByClientMessageId } as unknown as MessagesRepository,
    {} as ChatsRepository,
    {} as BlocksRepository,
    { consume: () => Promise.resolve() } as unknown as MessageRateLimiter,
    {
      attach: () => Promise.resolve({ ok: false, reason: 'already_used' }),
    } as unknown as MediaLibrary,
    {} as RealtimePublisher,
    {} as MentionReminders,
    {} as PushAlerts,
    {} as LinkPreviews,
  );
  return { service, findByClientMessageId };
}

describe('SendPipeline: an image message whose upload is already claimed', () => {
  it('answers the original when a concurrent retry of it claimed the image and stores it a moment later', async () => {
    // Before the claim: nothing yet; right after: still being stored; then stored.
    const { service } = serviceWhereTheImageIsClaimed([null, null, null, stored]);
    const sent = await service.send(ADA, CHAT, image);
    expect(sent).toMatchObject({ created: false, message: { id: stored.id, seq: 7 } });
  });

  it('is a conflict when no message with its client id turns up', async () => {
    const { service, findByClientMessageId } = serviceWhereTheImageIsClaimed([]);
    const started = Date.now();
    await expect(service.send(ADA, CHAT, image)).rejects.toBeInstanceOf(ConflictException);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(findByClientMessageId.mock.calls.length).toBeGreaterThan(2);
  });
});
