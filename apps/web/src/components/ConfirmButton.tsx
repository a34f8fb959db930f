import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useChatText } from '../i18n/chat';
import { Button } from './ui';

/**
 * A button for something hard to undo (leave a group, remove a member, block someone): the first
 * click asks, in place, and only "Yes" does it; Cancel or Escape goes back. Nothing happens on one
 * stray click, as in every messenger.
 */
export function ConfirmButton({
  children,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  'aria-label': label,
}: {
  children: ReactNode;
  /** What is about to happen, e.g. "Leave Weekend? You will stop getting its messages." */
  question: string;
  /** The action's name on the confirming button, e.g. "Leave". */
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  'aria-label'?: string;
}) {
  const t = useChatText();
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <Button
        variant="danger"
        disabled={disabled}
        aria-label={label}
        onClick={() => setAsking(true)}
      >
        {children}
      </Button>
    );
  }
  return (
    <div
      role="group"
      aria-label={question}
      className="flex flex-wrap items-center gap-2 rounded-md bg-danger-soft px-2 py-1"
      onKeyDown={(event) => {
        if (event.key === 'Escape') setAsking(false);
      }}
    >
      <span className="text-sm text-danger-ink">{question}</span>
      <Button
        ref={yes}
        variant="danger"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </Button>
      <Button variant="ghost" onClick={() => setAsking(false)}>
        {t('group.cancel')}
      </Button>
    </div>
  );
}
