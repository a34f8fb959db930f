import type { ChatInfo, ChatMessage, ReplyQuote } from '@app/contracts';
import {
  Fragment,
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
} from 'react';
import { describeError } from '../api/http';
import { useChatText } from '../i18n/chat';
import { emptyConversation } from '../lib/conversation';
import { quoteOf } from '../lib/message-merge';
import { withDaySeparators } from '../lib/days';
import { chatTitle, isBlocked, partnerOf, quotedFileName } from '../state/chat-selectors';
import type { ChatState } from '../state/chat-state';
import type { ChatStore } from '../state/chat-store';
import { BlockedComposer } from './BlockedComposer';
import { Composer, type ComposerHandle } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { JumpToLatest } from './JumpToLatest';
import { NewMessagesDivider } from './NewMessagesDivider';
import { MessageBubble } from './MessageBubble';
import { MessageSearch } from './MessageSearch';
import { PendingBubble } from './PendingBubble';
import { mentionNames } from './MessageText';
import { copyText } from './copy-text';
import type { MessageHandlers } from './message-handlers';
import { useNewMessageAnnouncement } from './use-announcement';
import { useLinkPreviews } from './use-link-previews';
import { firstUnreadMessage, useOpeningScroll } from './use-opening-scroll';

// Only needed once a picture is opened.
const ImageViewer = lazy(() => import('./ImageViewer').then((m) => ({ default: m.ImageViewer })));

/** How long a message shown from a quote or a search result stays lit. */
const HIGHLIGHT_MS = 2_000;

/**
 * The message list is one Tab stop; from it, and from message to message, the arrows (Up: older),
 * Home and End move the focus. From the list itself, Up or Down starts at the newest message.
 */
function walkMessages(event: KeyboardEvent<HTMLDivElement>): void {
  const list = event.currentTarget;
  const from = event.target as HTMLElement;
  // Keys inside a message (its menu, the edit box, a link) are theirs.
  if (from !== list && !from.matches('[data-seq]')) return;
  const messages = [...list.querySelectorAll<HTMLElement>('[data-seq][tabindex]')];
  const last = messages.length - 1;
  const at = messages.indexOf(from);
  const moves: Record<string, number> = {
    ArrowUp: at < 0 ? last : at - 1,
    ArrowDown: at < 0 ? last : at + 1,
    Home: 0,
    End: last,
  };
  const next = moves[event.key];
  if (next === undefined || last < 0) return;
  event.preventDefault();
  messages[Math.max(0, Math.min(last, next))].focus();
}

export function ConversationView({
  store,
  state,
  chat,
  onBack,
  onInfo,
  onProfile,
}: {
  store: ChatStore;
  state: ChatState;
  chat: ChatInfo;
  onBack: () => void;
  onInfo: () => void;
  onProfile: (userId: string) => void;
}) {
  const t = useChatText();
  const conversation = state.conversations[chat.id] ?? emptyConversation();
  const [viewing, setViewing] = useState<{ url: string; alt: string } | null>(null);
  const [replyTo, setReplyTo] = useState<ReplyQuote | null>(null);
  const [editingSeq, setEditingSeq] = useState<number | null>(null);
  const [searching, setSearching] = useState(false);
  const [notice, setNotice] = useState('');
  const [lit, setLit] = useState<number | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  // The newest seq when the reader scrolled up, null while at the bottom: what came after it is new.
  const [awayAt, setAwayAt] = useState<number | null>(null);
  const heightBeforeOlder = useRef<number | null>(null);
  const loadingOlder = useRef(false);
  const title = chatTitle(state, chat);
  const [showPreviews] = useLinkPreviews(state.me.id);
  const composer = useRef<ComposerHandle>(null);
  // Files dragged over the conversation: it shows where to drop them (enter and leave come in
  // pairs for every element crossed, so they are counted).
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);

  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    if (heightBeforeOlder.current !== null) {
      // Older messages were put above: keep what the reader was looking at in place.
      box.scrollTop += box.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (atBottom.current) {
      box.scrollTop = box.scrollHeight;
    }
  }, [conversation.messages, conversation.pending]);

  const unreadSeq = state.unreadFrom?.chatId === chat.id ? state.unreadFrom.seq : undefined;
  const firstUnread = firstUnreadMessage(conversation.messages, unreadSeq, state.me.id);
  useOpeningScroll({ scroller, content, atBottom, conversation, unreadSeq: firstUnread?.seq });

  // A quote or a search result was clicked: scroll to the message and light it up for a moment.
  const highlight = state.highlight?.chatId === chat.id ? state.highlight : null;
  useLayoutEffect(() => {
    // One asked for a while ago (before this chat was left and opened again) is done.
    if (!highlight || Date.now() - highlight.at > HIGHLIGHT_MS) return;
    const node = scroller.current?.querySelector(`[data-seq="${highlight.seq}"]`);
    if (!node) return;
    atBottom.current = false;
    node.scrollIntoView({ block: 'center' });
    setLit(highlight.seq);
    const timer = setTimeout(() => setLit(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlight]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(''), 4_000);
    return () => clearTimeout(timer);
  }, [notice]);

  const onScroll = () => {
    const box = scroller.current;
    if (!box) return;
    atBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    const newest = conversation.messages.at(-1)?.seq ?? 0;
    if (atBottom.current !== (awayAt === null)) setAwayAt(atBottom.current ? null : newest);
    if (box.scrollTop < 120 && conversation.hasMoreBefore && !loadingOlder.current) {
      loadingOlder.current = true;
      heightBeforeOlder.current = box.scrollHeight;
      store
        .loadOlder(chat.id)
        .catch(() => (heightBeforeOlder.current = null))
        .finally(() => (loadingOlder.current = false));
    }
  };

  const handlers = useMemo<MessageHandlers>(() => {
    const failed = (e: unknown) => setNotice(describeError(e));
    return {
      reply: (message) => setReplyTo(quoteOf(message)),
      react: (seq, emoji) => void store.toggleReaction(chat.id, seq, emoji).catch(failed),
      startEdit: (seq) => setEditingSeq(seq),
      saveEdit: async (seq, text) => {
        await store.edit(chat.id, seq, text);
      },
      cancelEdit: () => setEditingSeq(null),
      remove: (seq) => store.deleteMessage(chat.id, seq).then(() => undefined, failed),
      copy: (text) =>
        void copyText(text).then(
          () => setNotice(t('conversation.copied')),
          () => setNotice(t('conversation.copyFailed')),
        ),
      showOriginal: (seq) =>
        void store.reveal(chat.id, seq).then((found) => {
          if (!found) setNotice(t('conversation.originalGone'));
        }, failed),
      view: setViewing,
      removePreview: (seq, index) =>
        store.removePreview(chat.id, seq, index).then(() => undefined, failed),
    };
  }, [store, chat.id, t]);

  const others = chat.members.filter((m) => m.userId !== state.me.id).map((m) => m.userId);
  const partner = partnerOf(state, chat);
  const blockedPartner = partner && isBlocked(state, partner.userId) ? partner : undefined;
  const fromBlocked = useCallback(
    (message: ChatMessage) =>
      chat.kind === 'group' && isBlocked(state, message.senderId ?? undefined),
    [chat.kind, state],
  );
  const announcement = useNewMessageAnnouncement(chat, conversation, state.me.id, fromBlocked);

  // Files dropped anywhere on the conversation are attached in the composer (not while I have
  // blocked the other person: there is no composer then).
  const carriesFiles = (event: DragEvent) =>
    !blockedPartner && [...event.dataTransfer.types].includes('Files');
  const onDragEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    composer.current?.attach([...event.dataTransfer.files]);
  };
  // A file dropped a little off the conversation (on the chat list) would make the browser open
  // it in place of the app: it is ignored instead.
  useEffect(() => {
    const ignore = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', ignore);
    window.addEventListener('drop', ignore);
    return () => {
      window.removeEventListener('dragover', ignore);
      window.removeEventListener('drop', ignore);
    };
  }, []);

  return (
    <section
      aria-label={t('conversation.label', { title })}
      className="relative flex min-w-0 flex-1 flex-col bg-canvas"
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {dragging && (
        <div
          data-testid="drop-zone"
          className="pointer-events-none absolute inset-2 z-20 flex items-center justify-center rounded-lg border-4 border-dashed border-sky-600 bg-surface/90 text-lg font-medium text-ink"
        >
          {t('composer.dropHere')}
        </div>
      )}
      <ConversationHeader
        state={state}
        chat={chat}
        searching={searching}
        onBack={onBack}
        onInfo={onInfo}
        onProfile={onProfile}
        onToggleSearch={() => setSearching(!searching)}
        onMute={(until) =>
          void store.mute(chat.id, until).catch((e) => setNotice(describeError(e)))
        }
        onUnmute={() => void store.unmute(chat.id).catch((e) => setNotice(describeError(e)))}
      />
      {searching && (
        <div className="border-b border-line bg-surface p-2">
          <MessageSearch
            state={state}
            label={t('header.search')}
            chatId={chat.id}
            autoFocus
            onOpen={(_chatId, seq) => handlers.showOriginal(seq)}
          />
        </div>
      )}
      {notice && (
        <p role="status" className="bg-ink px-3 py-1 text-center text-sm text-surface">
          {notice}
        </p>
      )}
      {/* New messages from others, read out once each: the log itself is kept quiet, or every
          page of history loaded and every re-render of a message would be read out too. */}
      <p aria-live="polite" data-testid="announcer" className="sr-only">
        {announcement}
      </p>
      <div
        ref={scroller}
        onScroll={onScroll}
        onKeyDown={walkMessages}
        role="log"
        aria-label={t('conversation.messages')}
        aria-live="off"
        tabIndex={0}
        className="flex-1 overflow-y-auto p-3 px-12 outline-offset-[-2px]"
      >
        <div ref={content} className="space-y-1">
          {conversation.hasMoreBefore && (
            <p className="text-center text-xs text-muted">{t('conversation.olderAbove')}</p>
          )}
          {withDaySeparators(conversation.messages).map((item) =>
            item.type === 'day' ? (
              <p key={item.key} className="py-2 text-center text-xs font-medium text-muted">
                {item.label}
              </p>
            ) : (
              <Fragment key={item.key}>
                {item.message.seq === firstUnread?.seq && <NewMessagesDivider />}
                <MessageBubble
                  state={state}
                  chat={chat}
                  message={item.message}
                  editing={editingSeq === item.message.seq}
                  highlighted={lit === item.message.seq}
                  showPreviews={showPreviews}
                  handlers={handlers}
                />
              </Fragment>
            ),
          )}
          {conversation.pending.map((pending) => (
            <PendingBubble
              key={pending.clientMessageId}
              pending={pending}
              chat={chat}
              myId={state.me.id}
              quotedFileName={
                pending.replyTo && quotedFileName(state, chat.id, pending.replyTo.seq)
              }
              onRetry={() => store.retry(chat.id, pending.clientMessageId)}
              onDiscard={() => store.discard(chat.id, pending.clientMessageId)}
            />
          ))}
        </div>
      </div>
      {awayAt !== null && (
        <JumpToLatest
          arrived={
            conversation.messages.filter((m) => m.seq > awayAt && m.senderId !== state.me.id).length
          }
          onJump={() => {
            const box = scroller.current;
            if (box) box.scrollTop = box.scrollHeight;
            atBottom.current = true;
            setAwayAt(null);
          }}
        />
      )}
      {blockedPartner ? (
        <BlockedComposer
          store={store}
          userId={blockedPartner.userId}
          name={blockedPartner.profile?.name ?? t('composer.thisPerson')}
        />
      ) : (
        <Composer
          key={chat.id}
          ref={composer}
          chat={chat}
          myId={state.me.id}
          members={mentionNames(chat, others)}
          replyTo={replyTo}
          replyFileName={replyTo && quotedFileName(state, chat.id, replyTo.seq)}
          onCancelReply={() => setReplyTo(null)}
          onSend={(text, attachments, mentions) => {
            atBottom.current = true;
            // Each attachment is a message of its own; the first carries the text and the reply.
            const extras = { replyTo: replyTo ?? undefined, mentions };
            if (attachments.length === 0) store.send(chat.id, text, undefined, extras);
            attachments.forEach((attachment, index) =>
              store.send(chat.id, index === 0 ? text : '', attachment, index === 0 ? extras : {}),
            );
            setReplyTo(null);
          }}
          onEdit={(text) => store.composing(chat.id, text)}
        />
      )}
      {viewing && (
        <Suspense fallback={null}>
          <ImageViewer {...viewing} onClose={() => setViewing(null)} />
        </Suspense>
      )}
    </section>
  );
}
