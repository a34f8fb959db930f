import { useEffect, useRef, useState } from 'react';
import { describeError } from '../api/http';
import { useChatText } from '../i18n/chat';
import { textLimit } from '../lib/text-limit';
import { INPUT_CLASS } from './ui';

/** Edits a message in place: Enter saves, Shift+Enter is a new line, Escape cancels. */
export function EditBox({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (text: string) => Promise<void>;
  onCancel: () => void;
}) {
  const t = useChatText();
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const input = box.current;
    input?.focus();
    input?.setSelectionRange(input.value.length, input.value.length);
  }, []);

  const limit = textLimit(text);

  const save = () => {
    if (saving) return;
    if (text.trim() === initial.trim()) return onCancel();
    if (!text.trim()) return setError(t('edit.empty'));
    if (limit.tooLong) return setError(limit.counter);
    setSaving(true);
    onSave(text).then(
      () => onCancel(),
      (e: unknown) => {
        setSaving(false);
        setError(describeError(e));
      },
    );
  };

  return (
    <div className="min-w-[14rem]">
      <textarea
        ref={box}
        aria-label={t('edit.label')}
        value={text}
        aria-invalid={limit.tooLong}
        rows={Math.min(6, text.split('\n').length)}
        disabled={saving}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onCancel();
          } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          }
        }}
        className={`resize-none ${INPUT_CLASS}`}
      />
      <p className="text-[11px] opacity-80">
        {t('edit.keys')}
        {limit.counter && ` · ${limit.counter}`}
      </p>
      {error && (
        <p role="alert" className="text-xs font-semibold">
          {error}
        </p>
      )}
    </div>
  );
}
