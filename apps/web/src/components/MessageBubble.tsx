import type { ChatInfo, ChatMessage } from '@app/contracts';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useChatText } from '../i18n/chat';
import { timeOf } from '../lib/days';
import { previewsOf } from '../lib/link-preview';
import { tickFor } from '../lib/ticks';
import { isBlocked, memberName, myMember, quotedFileName } from '../state/chat-selectors';
import type { ChatState } from '../state/chat-state';
import { EditBox } from './EditBox';
import { FileCard } from './FileCard';
import { LinkPreviewCard } from './LinkPreviewCard';
import { MessageActions, type ActionsPanel } from './MessageActions';
import { MessageImage } from './MessageImage';
import { MessageText } from './MessageText';
import { ReactionChips } from './ReactionChips';
import { ReplyQuote } from './ReplyQuote';
import { canDelete, canEdit, canRemovePreviews, type MessageHandlers } from './message-handlers';
import { describeSystemEvent } from './system-text';
import { Ticks } from './Ticks';
import { VoicePlayer } from './VoicePlayer';

/**
 * One message: its quote, picture, file (a card that downloads it) or voice message (a player),
 * text or caption (links and mentions), link previews (unless the reader turned them off),
 * reactions, time, "edited" and ticks, and its actions. A deleted one is a
 * "message deleted" placeholder. In a group, one from someone I blocked stays in the history but
 * collapsed, until I choose to show it.
 */
export function MessageBubble({
  state,
  chat,
  message,
  editing,
  highlighted,
  showPreviews,
  handlers,
}: {
  state: ChatState;
  chat: ChatInfo;
  message: ChatMessage;
  editing: boolean;
  highlighted: boolean;
  /** The reader's "Show link previews" on this device. */
  showPreviews: boolean;
  handlers: MessageHandlers;
}) {
  const t = useChatText();
  const [panel, setPanel] = useState<ActionsPanel>(null);
  const [shown, setShown] = useState(false);
  const bubble = useRef<HTMLDivElement>(null);
  if (message.kind === 'system') {
    return (
      <p className="py-1 text-center text-xs text-muted" data-testid="system-message">
        {describeSystemEvent(state, chat, message.system)}
      </p>
    );
  }
  const myId = state.me.id;
  const mine = message.senderId === myId;
  const sender = memberName(chat, message.senderId);
  const deleted = message.deletedAt !== null && message.deletedAt !== undefined;
  // A direct chat with someone I blocked is one I open on purpose: its history shows as it is.
  const fromBlocked =
    chat.kind === 'group' && !deleted && isBlocked(state, message.senderId ?? undefined);
  if (fromBlocked && !shown) {
    return (
      <div className="flex justify-start">
        <button
          type="button"
          data-testid="blocked-message"
          data-seq={message.seq}
          tabIndex={-1}
          onClick={() => setShown(true)}
          className="rounded-lg bg-subtle px-3 py-2 text-left text-sm italic text-muted shadow-sm hover:bg-subtle-strong"
        >
          {t('message.fromBlocked')}{' '}
          <span className="not-italic text-link">{t('message.show')}</span>
        </button>
      </div>
    );
  }
  const tick = mine && !deleted ? tickFor(message, myId, chat.members) : null;
  // White on sky-700 is 5.9:1 (sky-600 was 4.09:1), the same in the light and the dark theme.
  const colours = deleted
    ? 'bg-subtle text-muted italic'
    : mine
      ? 'bg-sky-700 text-white'
      : 'bg-bubble text-ink';
  const ring = highlighted ? 'ring-4 ring-amber-300' : '';
  // Enter (or the context-menu key) on the message itself opens its menu, as a right click does.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || deleted || editing) return;
    if (
      event.key === 'Enter' ||
      event.key === 'ContextMenu' ||
      (event.shiftKey && event.key === 'F10')
    ) {
      event.preventDefault();
      setPanel('menu');
    }
  };
  return (
    <div className={`flex ${mine ? 'justify-end' : 'justify-start'}`}>
      <div
        ref={bubble}
        role="article"
        // Reached by the message list's arrow keys (ConversationView), not by Tab.
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid="message"
        data-seq={message.seq}
        data-deleted={deleted ? 'true' : undefined}
        data-highlighted={highlighted ? 'true' : undefined}
        onContextMenu={(event) => {
          if (deleted || editing) return;
          event.preventDefault();
          setPanel('menu');
        }}
        className={`group relative max-w-[80%] rounded-lg px-3 py-2 shadow-sm transition-shadow ${colours} ${ring}`}
      >
        {!mine && chat.kind === 'group' && (
          <p className="text-xs font-semibold not-italic text-link">{sender}</p>
        )}
        {deleted ? (
          <p data-testid="message-deleted">{t('message.deleted')}</p>
        ) : (
          <>
            {message.replyTo && (
              <ReplyQuote
                quote={message.replyTo}
                chat={chat}
                myId={myId}
                mine={mine}
                fileName={quotedFileName(state, chat.id, message.replyTo.seq)}
                onShow={handlers.showOriginal}
              />
            )}
            {message.media && (
              <MessageImage
                media={message.media}
                alt={
                  message.text ??
                  (mine ? t('message.imageFromYou') : t('message.imageFrom', { name: sender }))
                }
                onOpen={() =>
                  message.media &&
                  handlers.view({
                    url: message.media.url,
                    alt: message.text ?? t('message.imageFrom', { name: sender }),
                  })
                }
              />
            )}
            {message.file &&
              (message.kind === 'voice' ? (
                <VoicePlayer file={message.file} mine={mine} />
              ) : (
                <FileCard file={message.file} mine={mine} />
              ))}
            {editing ? (
              <EditBox
                initial={message.text ?? ''}
                onSave={(text) => handlers.saveEdit(message.seq, text)}
                onCancel={handlers.cancelEdit}
              />
            ) : (
              <MessageText message={message} chat={chat} myId={myId} mine={mine} />
            )}
            {showPreviews &&
              previewsOf(message).map((preview) => (
                <LinkPreviewCard
                  key={preview.index}
                  preview={preview}
                  focusAfterRemoval={bubble}
                  onRemove={
                    canRemovePreviews(message, myId)
                      ? () => handlers.removePreview(message.seq, preview.index)
                      : undefined
                  }
                />
              ))}
          </>
        )}
        <p
          className={`mt-1 text-right text-[11px] not-italic ${mine && !deleted ? 'text-sky-100' : 'text-muted'}`}
        >
          {message.editedAt && !deleted && (
            <span data-testid="edited" className="mr-1">
              {t('message.edited')}
            </span>
          )}
          {timeOf(message.createdAt)}
          {tick && <Ticks tick={tick} chat={chat} />}
        </p>
        {!deleted && (
          <ReactionChips
            reactions={message.reactions ?? []}
            chat={chat}
            myId={myId}
            onToggle={(emoji) => handlers.react(message.seq, emoji)}
          />
        )}
        {!deleted && !editing && (
          <MessageActions
            message={message}
            mine={mine}
            panel={panel}
            setPanel={setPanel}
            allowEdit={canEdit(message, myId)}
            allowDelete={canDelete(message, myId, chat, myMember(state, chat)?.role)}
            handlers={handlers}
            bubble={bubble}
          />
        )}
      </div>
    </div>
  );
}
