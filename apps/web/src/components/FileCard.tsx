import type { FileView } from '@app/contracts';
import { useChatText } from '../i18n/chat';
import { currentLocale } from '../i18n/format';
import { fileKindOf, formatFileSize, type FileIcon } from '../lib/attachments';
import { Icon, type IconName } from './icons';

const ICONS: Record<FileIcon, { icon: IconName; colour: string }> = {
  pdf: { icon: 'file-text', colour: 'bg-red-700' },
  document: { icon: 'file-text', colour: 'bg-blue-700' },
  text: { icon: 'file-text', colour: 'bg-slate-600' },
  spreadsheet: { icon: 'file-table', colour: 'bg-green-700' },
  slides: { icon: 'file-slides', colour: 'bg-orange-700' },
  image: { icon: 'file-image', colour: 'bg-emerald-700' },
  audio: { icon: 'file-audio', colour: 'bg-violet-700' },
  video: { icon: 'file-video', colour: 'bg-pink-700' },
  archive: { icon: 'file-archive', colour: 'bg-amber-700' },
  file: { icon: 'file', colour: 'bg-slate-600' },
};

/** The card's look: on my own (blue) bubble, or on someone else's. */
export const fileCardLook = (mine: boolean) =>
  mine ? 'border-sky-500 bg-sky-800 text-white' : 'border-line bg-surface text-ink';

/**
 * What a file is, in a line: an icon by its type, its name (plain text, cut with an ellipsis; the
 * whole name on hover and for screen readers), its size and type ("2.4 MB · PDF").
 */
export function FileSummary({
  name,
  mimeType,
  size,
  mine,
}: {
  name: string;
  mimeType: string;
  size: number;
  mine: boolean;
}) {
  const t = useChatText();
  const kind = fileKindOf({ name, mimeType });
  const { icon, colour } = ICONS[kind.icon];
  return (
    <>
      <span
        className={`flex h-10 w-10 shrink-0 items-center justify-center rounded-md text-white ${colour}`}
        data-testid="file-icon"
        data-icon={kind.icon}
      >
        <Icon name={icon} />
      </span>
      <span className="min-w-0 flex-1">
        <bdi data-testid="file-name" title={name} className="block truncate font-medium">
          {name}
        </bdi>
        <span
          data-testid="file-meta"
          className={`block text-xs ${mine ? 'text-sky-100' : 'text-muted'}`}
        >
          {formatFileSize(size, currentLocale())} · {kind.label ?? t('message.file')}
        </span>
      </span>
    </>
  );
}

/**
 * A file in a message: clicking it downloads it under its original name (the server sends it as
 * an attachment with that name; `download` says so to the browser as well). Never opened inline.
 */
export function FileCard({ file, mine }: { file: FileView; mine: boolean }) {
  const t = useChatText();
  return (
    <a
      href={file.url}
      download={file.name}
      data-testid="file-card"
      className={`mt-1 flex w-72 max-w-full items-center gap-3 rounded-md border p-2 text-left not-italic no-underline hover:opacity-90 ${fileCardLook(mine)}`}
    >
      <FileSummary name={file.name} mimeType={file.mimeType} size={file.size} mine={mine} />
      <Icon name="download" className="h-5 w-5 shrink-0" />
      <span className="sr-only">, {t('message.download')}</span>
    </a>
  );
}
