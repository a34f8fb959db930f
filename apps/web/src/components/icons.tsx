/** Line icons drawn here, so they show without an emoji font. */
const PATHS = {
  search: 'M11 18a7 7 0 100-14 7 7 0 000 14zM20 20l-4.2-4.2',
  'bell-off':
    'M13.7 21a2 2 0 01-3.4 0M18.6 13.5A17 17 0 0118 8a6 6 0 00-9.3-5M6.3 6.3A6 6 0 006 8c0 7-3 9-3 9h14M3 3l18 18',
} as const;

export function Icon({
  name,
  label,
  className = 'h-5 w-5',
  testId,
}: {
  name: keyof typeof PATHS;
  /** Read out by screen readers; none for a decorative icon. */
  label?: string;
  className?: string;
  testId?: string;
}) {
  return (
    <svg
      viewBox="0 0 24 24"
      className={className}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      data-testid={testId}
    >
      {label && <title>{label}</title>}
      <path d={PATHS[name]} />
    </svg>
  );
}
