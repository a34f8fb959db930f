import type { MessageKind } from '@app/contracts';
import { chatText } from '../i18n/chat';

/**
 * A message in one line, where there is no room for what it carries (the chat list, a reply's
 * quote, a screen reader's announcement, a notification): its text, or what it carries with its
 * caption: "Photo: the view", "📎 report.pdf", "📎 report.pdf: for Monday", "🎤 Voice message".
 * `fileName` is the file's name where it is known ("📎 File" where it is not, as in a quote of a
 * message not held).
 */
export function summaryOf(
  kind: MessageKind,
  text: string | null,
  fileName?: string | null,
): string {
  const caption = text ?? '';
  switch (kind) {
    case 'image':
      return caption
        ? chatText('preview.photoWithCaption', { caption })
        : chatText('preview.photo');
    case 'file': {
      const name = fileName || chatText('preview.someFile');
      return caption
        ? chatText('preview.fileWithCaption', { name, caption })
        : chatText('preview.file', { name });
    }
    case 'voice':
      return caption
        ? chatText('preview.voiceWithCaption', { caption })
        : chatText('preview.voice');
    default:
      return caption;
  }
}
