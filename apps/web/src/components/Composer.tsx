import { IMAGE_MIME_TYPES, type ChatInfo, type ReplyQuote } from '@app/contracts';
import { useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { loadDraft, saveDraft } from '../lib/drafts';
import type { MentionName } from '../lib/rich-text';
import { textLimit } from '../lib/text-limit';
import { MentionSuggestions } from './MentionSuggestions';
import { ReplyingTo } from './ReplyQuote';
import { Button } from './ui';
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
      setNotice('Only JPEG, PNG, GIF and WebP images can be sent.');
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
    <div className="border-t border-slate-200 bg-white p-2">
      {replyTo && <ReplyingTo quote={replyTo} chat={chat} myId={myId} onCancel={onCancelReply} />}
      {image && (
        <div className="mb-2 flex items-center gap-2">
          <img src={image.url} alt="Image to send" className="h-16 rounded" />
          <Button variant="ghost" onClick={() => setImage(null)} aria-label="Remove image">
            ✕
          </Button>
        </div>
      )}
      {notice && (
        <p role="alert" className="mb-1 text-sm text-red-700">
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
        <Button
          variant="ghost"
          aria-label="Attach an image"
          onClick={() => picker.current?.click()}
        >
          <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            className="h-5 w-5"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
          >
            <path d="M21 12.5l-8.5 8.5a6 6 0 01-8.5-8.5l9-9a4 4 0 015.7 5.7l-9 9a2 2 0 01-2.8-2.8l8.3-8.3" />
          </svg>
        </Button>
        <input
          ref={picker}
          type="file"
          accept={IMAGE_MIME_TYPES.join(',')}
          className="hidden"
          aria-label="Image file"
          data-testid="image-input"
          onChange={(e) => {
            attach(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <textarea
          ref={input}
          rows={1}
          aria-label="Message"
          aria-autocomplete="list"
          aria-controls={mention.open ? 'mention-suggestions' : undefined}
          aria-expanded={mention.open}
          placeholder={image ? 'Add a caption…' : 'Write a message…'}
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
          className="max-h-40 min-h-[2.5rem] flex-1 resize-none rounded-md border border-slate-300 px-3 py-2 focus:border-sky-500 focus:outline-none"
        />
        <Button onClick={send} disabled={(!text.trim() && !image) || limit.tooLong}>
          Send
        </Button>
      </div>
      {limit.counter && (
        <p
          id="composer-count"
          data-testid="composer-count"
          aria-live="polite"
          className={`mt-1 text-right text-xs ${limit.tooLong ? 'text-red-700' : 'text-slate-600'}`}
        >
          {limit.counter}
        </p>
      )}
    </div>
  );
}
