/** Above the first message that was unread when the chat was opened: where reading resumes. */
export function NewMessagesDivider() {
  return (
    <div
      data-testid="new-messages"
      role="separator"
      aria-label="New messages"
      className="flex items-center gap-2 py-2 text-xs font-semibold text-link"
    >
      <span className="h-px flex-1 bg-current" aria-hidden="true" />
      New messages
      <span className="h-px flex-1 bg-current" aria-hidden="true" />
    </div>
  );
}
