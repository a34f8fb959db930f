/** A person's `@handle`, next to their name: how two people of the same name are told apart. */
export function Handle({ handle, className = '' }: { handle?: string; className?: string }) {
  if (!handle) return null;
  return (
    <span data-testid="handle" className={`text-sm text-muted ${className}`}>
      @{handle}
    </span>
  );
}
