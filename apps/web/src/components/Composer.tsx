import type { ChatInfo, ReplyQuote } from '@app/contracts';
import {
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import { useChatText } from '../i18n/chat';
import { currentLocale } from '../i18n/format';
import {
  attachmentKindOf,
  formatDuration,
  formatFileSize,
  MAX_ATTACHMENTS,
  MAX_FILE_BYTES,
  sortAttachments,
  type AttachmentKind,
} from '../lib/attachments';
import type { OutgoingAttachment } from '../lib/conversation';
import { loadDraft, saveDraft } from '../lib/drafts';
import type { MentionName } from '../lib/rich-text';
import { textLimit } from '../lib/text-limit';
import { VOICE_MAX_MS, type RecorderFailure } from '../lib/voice-recorder';
import { FileSummary } from './FileCard';
import { MentionSuggestions, mentionOptionId } from './MentionSuggestions';
import { ReplyingTo } from './ReplyQuote';
import { Button, IconButton, INPUT_CLASS } from './ui';
import { useMentionTyping } from './use-mention-typing';
import { useVoiceRecorder, type RecordedVoice } from './use-voice-recorder';

/** What the conversation can do to the composer: files dropped on it are attached here. */
export interface ComposerHandle {
  attach(files: readonly File[]): void;
}

/** A file waiting in the composer to be sent; a picture with its preview. */
interface Attached {
  id: number;
  file: File;
  kind: AttachmentKind;
  url?: string;
}

let nextAttachedId = 1;

const FAILURES: Record<
  RecorderFailure,
  'composer.micDenied' | 'composer.micUnavailable' | 'composer.tooShort' | 'composer.recordFailed'
> = {
  denied: 'composer.micDenied',
  unavailable: 'composer.micUnavailable',
  tooShort: 'composer.tooShort',
  failed: 'composer.recordFailed',
};

const toOutgoing = ({ kind, file }: Attached): OutgoingAttachment =>
  kind === 'image' ? { kind, file } : { kind, file, name: file.name };

const revoke = (list: readonly Attached[]) => {
  for (const attached of list) if (attached.url) URL.revokeObjectURL(attached.url);
};

/**
 * Text and attachments: pictures, any other files (picked, pasted, or dropped on the
 * conversation, each checked against the size limit before anything is uploaded) and a voice
 * message (recorded here; stopping it sends it). Enter sends, Shift+Enter starts a new line, `@`
 * offers the members to mention. A reply shows what it answers, with a cancel. Each attachment
 * goes as its own message, the text as the first one's caption.
 */
export function Composer({
  ref,
  chat,
  myId,
  members,
  replyTo,
  replyFileName,
  onCancelReply,
  onSend,
  onEdit,
}: {
  ref?: Ref<ComposerHandle>;
  chat: ChatInfo;
  myId: string;
  /** Who can be mentioned (the other members). */
  members: readonly MentionName[];
  replyTo: ReplyQuote | null;
  /** The name of the file the message answered carries, where it is held. */
  replyFileName?: string | null;
  onCancelReply: () => void;
  onSend: (text: string, attachments: OutgoingAttachment[], mentions: string[]) => void;
  onEdit: (text: string) => void;
}) {
  const t = useChatText();
  // What was typed and not sent survives a reload (kept in this browser until sent or signed out).
  const [text, setText] = useState(() => loadDraft(myId, chat.id));
  useEffect(() => saveDraft(myId, chat.id, text), [myId, chat.id, text]);
  const [attachments, setAttachments] = useState<Attached[]>([]);
  const [notice, setNotice] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const mention = useMentionTyping(input, text, setText, members);
  const limit = textLimit(text);

  // What a recording that ends later sends along: the text and files as they are then.
  const latest = useRef({ text, attachments, mention });
  useEffect(() => {
    latest.current = { text, attachments, mention };
  });
  useEffect(() => () => revoke(latest.current.attachments), []);

  const sendAll = (voice?: RecordedVoice) => {
    const now = latest.current;
    const outgoing = now.attachments.map(toOutgoing);
    if (voice) outgoing.push({ kind: 'voice', ...voice });
    // A recording is never lost to a caption too long: it goes alone, the text stays.
    const keepText = textLimit(now.text).tooLong;
    const caption = keepText ? '' : now.text;
    if (!caption.trim() && outgoing.length === 0) return;
    onSend(caption, outgoing, keepText ? [] : now.mention.mentions());
    revoke(now.attachments);
    setAttachments([]);
    latest.current = { ...now, attachments: [] };
    if (!keepText) {
      setText('');
      now.mention.reset();
      onEdit('');
    }
    input.current?.focus();
  };

  const recorder = useVoiceRecorder((voice) => {
    sendAll(voice);
    if (voice.reachedLimit) {
      setNotice(t('composer.limitReached', { max: formatDuration(VOICE_MAX_MS) }));
    }
  });
  const recorderPhase = recorder.state.phase;
  const recording = recorderPhase === 'recording' || recorderPhase === 'starting';

  // The focus follows the recording: to its Cancel while the microphone is asked for, to its Send
  // once recording, back to the text when it ends (sent, cancelled or failed).
  const cancelRecording = useRef<HTMLButtonElement>(null);
  const sendVoice = useRef<HTMLButtonElement>(null);
  const wasRecording = useRef(false);
  useEffect(() => {
    if (recorderPhase === 'starting') cancelRecording.current?.focus();
    else if (recorderPhase === 'recording') sendVoice.current?.focus();
    else if (wasRecording.current) input.current?.focus();
    wasRecording.current = recorderPhase === 'starting' || recorderPhase === 'recording';
  }, [recorderPhase]);

  const attach = (files: readonly File[]) => {
    if (files.length === 0) return;
    recorder.dismiss();
    const locale = currentLocale();
    const { accepted, refused, overflow } = sortAttachments(files, attachments.length);
    const notices = refused.map(({ file, reason }): string =>
      reason === 'tooLarge'
        ? t('composer.tooLarge', {
            name: file.name,
            size: formatFileSize(file.size, locale),
            max: formatFileSize(MAX_FILE_BYTES, locale),
          })
        : t('composer.empty', { name: file.name }),
    );
    if (overflow > 0)
      notices.push(t('composer.tooMany', { count: overflow, max: MAX_ATTACHMENTS }));
    setNotice(notices.join(' '));
    if (accepted.length === 0) return;
    const added = accepted.map((file): Attached => {
      const kind = attachmentKindOf(file);
      const url = kind === 'image' ? URL.createObjectURL(file) : undefined;
      return { id: nextAttachedId++, file, kind, url };
    });
    setAttachments((list) => [...list, ...added]);
    input.current?.focus();
  };

  useImperativeHandle(ref, () => ({ attach }));

  useEffect(() => input.current?.focus(), [replyTo]);

  const remove = (id: number) => {
    revoke(attachments.filter((a) => a.id === id));
    setAttachments((list) => list.filter((a) => a.id !== id));
    input.current?.focus();
  };

  const nothingToSend = !text.trim() && attachments.length === 0 && !recording;

  const send = () => {
    // Sending while recording finishes the recording: it goes with the text and files.
    if (recording) return recorder.stop();
    if (nothingToSend || limit.tooLong) return;
    setNotice('');
    sendAll();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mention.onKeyDown(event)) return;
    if (event.key === 'Escape' && replyTo) {
      event.preventDefault();
      onCancelReply();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    if (files.length > 0) {
      event.preventDefault();
      attach(files);
    }
  };

  const failure = recorderPhase === 'failed' ? t(FAILURES[recorder.state.reason]) : '';
  const alert = [notice, failure].filter(Boolean).join(' ');
  const elapsedMs = recorder.state.phase === 'recording' ? recorder.state.elapsedMs : 0;

  return (
    <div className="border-t border-line bg-surface p-2">
      {replyTo && (
        <ReplyingTo
          quote={replyTo}
          chat={chat}
          myId={myId}
          fileName={replyFileName}
          onCancel={onCancelReply}
        />
      )}
      {attachments.length > 0 && (
        <ul aria-label={t('composer.attachments')} className="mb-2 flex flex-wrap gap-2">
          {attachments.map((attached) => (
            <li
              key={attached.id}
              data-testid="attachment"
              data-kind={attached.kind}
              className="flex max-w-full items-center gap-2 rounded-md border border-line bg-surface p-1"
            >
              {attached.url ? (
                <img src={attached.url} alt={t('composer.imageToSend')} className="h-16 rounded" />
              ) : (
                <span className="flex w-60 min-w-0 max-w-full items-center gap-2 text-sm">
                  <FileSummary
                    name={attached.file.name}
                    mimeType={attached.file.type}
                    size={attached.file.size}
                    mine={false}
                  />
                </span>
              )}
              <IconButton
                icon="close"
                label={t('composer.remove', { name: attached.file.name })}
                onClick={() => remove(attached.id)}
              />
            </li>
          ))}
        </ul>
      )}
      {recording && (
        <div
          data-testid="recorder"
          data-phase={recorderPhase}
          className="mb-2 flex items-center gap-2 rounded-md border border-line bg-subtle px-2 py-1 text-sm"
        >
          <span
            aria-hidden="true"
            className={`h-2.5 w-2.5 shrink-0 rounded-full bg-red-600 ${
              recorderPhase === 'recording' ? 'animate-pulse' : 'opacity-40'
            }`}
          />
          {recorderPhase === 'starting' ? (
            <span className="flex-1 text-muted">{t('composer.micStarting')}</span>
          ) : (
            <span className="flex-1">
              {t('composer.recording')}{' '}
              <span data-testid="recording-time" className="tabular-nums">
                {formatDuration(elapsedMs)} / {formatDuration(VOICE_MAX_MS)}
              </span>
            </span>
          )}
          <IconButton
            ref={cancelRecording}
            icon="trash"
            label={t('composer.cancelRecording')}
            onClick={recorder.cancel}
          />
          <IconButton
            ref={sendVoice}
            icon="send"
            label={t('composer.sendVoice')}
            disabled={recorderPhase !== 'recording'}
            onClick={recorder.stop}
            className="bg-sky-700 !text-white hover:bg-sky-800 disabled:bg-subtle-strong disabled:!text-muted"
          />
        </div>
      )}
      {alert && (
        <p role="alert" className="mb-1 text-sm text-danger">
          {alert}
        </p>
      )}
      <div className="relative flex items-end gap-2">
        {mention.open && (
          <MentionSuggestions
            people={mention.candidates}
            active={mention.active}
            onPick={mention.pick}
          />
        )}
        <IconButton
          icon="attach"
          label={t('composer.attach')}
          onClick={() => picker.current?.click()}
        />
        <IconButton
          icon="mic"
          label={t('composer.record')}
          disabled={recording}
          onClick={recorder.start}
        />
        <input
          ref={picker}
          type="file"
          multiple
          className="hidden"
          aria-label={t('composer.fileInput')}
          data-testid="file-input"
          onChange={(e) => {
            attach([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <textarea
          ref={input}
          rows={1}
          aria-label={t('composer.message')}
          // A textarea is a textbox, which takes no aria-expanded (axe: critical); it does take
          // these, so the members offered while typing "@" are still announced as it moves.
          aria-autocomplete="list"
          aria-controls={mention.open ? 'mention-suggestions' : undefined}
          aria-activedescendant={mention.open ? mentionOptionId(mention.active) : undefined}
          placeholder={
            attachments.length > 0 || recording
              ? t('composer.captionPlaceholder')
              : t('composer.placeholder')
          }
          aria-invalid={limit.tooLong}
          aria-describedby={limit.counter ? 'composer-count' : undefined}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onEdit(e.target.value);
            mention.look(e.target.value);
          }}
          onClick={() => mention.look()}
          onKeyUp={(e) => {
            if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') mention.look();
          }}
          onBlur={mention.close}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          className={`max-h-40 min-h-[2.5rem] flex-1 resize-none ${INPUT_CLASS}`}
        />
        <Button onClick={send} disabled={nothingToSend || (limit.tooLong && !recording)}>
          {t('composer.send')}
        </Button>
      </div>
      {limit.counter && (
        <p
          id="composer-count"
          data-testid="composer-count"
          aria-live="polite"
          className={`mt-1 text-right text-xs ${limit.tooLong ? 'text-danger' : 'text-muted'}`}
        >
          {limit.counter}
        </p>
      )}
    </div>
  );
}
