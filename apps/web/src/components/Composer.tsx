import { IMAGE_MIME_TYPES, type ChatInfo, type ReplyQuote } from '@app/contracts';
import { useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useChatText } from '../i18n/chat';
import { loadDraft, saveDraft } from '../lib/drafts';
import type { MentionName } from '../lib/rich-text';
import { textLimit } from '../lib/text-limit';
import { MentionSuggestions, mentionOptionId } from './MentionSuggestions';
import { ReplyingTo } from './ReplyQuote';
import { Button, IconButton, INPUT_CLASS } from './ui';
import { useMentionTyping } from './use-mention-typing';

/**
 * Text and an optional image; Enter sends, Shift+Enter starts a new line, pasting an image
 * attaches it, `@` offers the members to mention. A reply shows what it answers, with a cancel.
 */
export function Composer({
  chat,
  myId,
  members,
  replyTo,
  onCancelReply,
  onSend,
  onEdit,
}: {
  chat: ChatInfo;
  myId: string;
  /** Who can be mentioned (the other members). */
  members: readonly MentionName[];
  replyTo: ReplyQuote | null;
  onCancelReply: () => void;
  onSend: (text: string, image: File | undefined, mentions: string[]) => void;
  onEdit: (text: string) => void;
}) {
  const t = useChatText();
  // What was typed and not sent survives a reload (kept in this browser until sent or signed out).
  const [text, setText] = useState(() => loadDraft(myId, chat.id));
  useEffect(() => saveDraft(myId, chat.id, text), [myId, chat.id, text]);
  const [image, setImage] = useState<{ file: File; url: string } | null>(null);
  const [notice, setNotice] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const mention = useMentionTyping(input, text, setText, members);

  useEffect(() => input.current?.focus(), [replyTo]);
  useEffect(() => {
    if (!image) return;
    return () => URL.revokeObjectURL(image.url);
  }, [image]);

  const attach = (file: File | undefined) => {
    if (!file) return;
    if (!(IMAGE_MIME_TYPES as readonly string[]).includes(file.type)) {
      setNotice(t('composer.onlyImages'));
      return;
    }
    setNotice('');
    setImage({ file, url: URL.createObjectURL(file) });
  };

  const limit = textLimit(text);

  const send = () => {
    if ((!text.trim() && !image) || limit.tooLong) return;
    onSend(text, image?.file, mention.mentions());
    setText('');
    setImage(null);
    mention.reset();
    onEdit('');
    input.current?.focus();
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
    const file = [...event.clipboardData.files].find((f) => f.type.startsWith('image/'));
    if (file) {
      event.preventDefault();
      attach(file);
    }
  };

  return (
    <div className="border-t border-line bg-surface p-2">
      {replyTo && <ReplyingTo quote={replyTo} chat={chat} myId={myId} onCancel={onCancelReply} />}
      {image && (
        <div className="mb-2 flex items-center gap-2">
          <img src={image.url} alt={t('composer.imageToSend')} className="h-16 rounded" />
          <IconButton
            icon="close"
            label={t('composer.removeImage')}
            onClick={() => setImage(null)}
          />
        </div>
      )}
      {notice && (
        <p role="alert" className="mb-1 text-sm text-danger">
          {notice}
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
        <input
          ref={picker}
          type="file"
          accept={IMAGE_MIME_TYPES.join(',')}
          className="hidden"
          aria-label={t('composer.imageFile')}
          data-testid="image-input"
          onChange={(e) => {
            attach(e.target.files?.[0]);
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
          placeholder={image ? t('composer.captionPlaceholder') : t('composer.placeholder')}
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
        <Button onClick={send} disabled={(!text.trim() && !image) || limit.tooLong}>
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
