import { useChatText } from '../i18n/chat';

/** Above the first message that was unread when the chat was opened: where reading resumes. */
export function NewMessagesDivider() {
  const t = useChatText();
  return (
    <div
      data-testid="new-messages"
      role="separator"
      aria-label={t('conversation.newMessages')}
      className="flex items-center gap-2 py-2 text-xs font-semibold text-link"
    >
      <span className="h-px flex-1 bg-current" aria-hidden="true" />
      {t('conversation.newMessages')}
      <span className="h-px flex-1 bg-current" aria-hidden="true" />
    </div>
  );
}
