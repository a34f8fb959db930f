import { useEffect, useRef } from 'react';
import { useChatText } from '../i18n/chat';
import { Button } from './ui';

/** The full-size image over everything; Escape or the button closes it. */
export function ImageViewer({
  url,
  alt,
  onClose,
}: {
  url: string;
  alt: string;
  onClose: () => void;
}) {
  const t = useChatText();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={t('message.image')}
      data-testid="image-viewer"
      className="fixed inset-0 z-30 flex flex-col items-center justify-center bg-black/80 p-4"
      onClick={onClose}
    >
      <img src={url} alt={alt} className="max-h-[85vh] max-w-full object-contain" />
      <Button ref={close} variant="ghost" className="mt-3 !text-white" onClick={onClose}>
        {t('message.close')}
      </Button>
    </div>
  );
}
