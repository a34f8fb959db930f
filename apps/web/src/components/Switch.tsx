/** An on/off control (role="switch"): its label says what it turns on, its state is read out. */
export function Switch({
  label,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className="flex w-full items-center justify-between gap-3 rounded-md py-1 text-left text-sm text-ink disabled:text-muted"
    >
      <span>{label}</span>
      {/* The track and knob only show the state; the button's role and aria-checked tell it. */}
      <span
        aria-hidden="true"
        className={`relative h-6 w-11 shrink-0 rounded-full border border-line-strong transition-colors ${checked ? 'bg-sky-700' : 'bg-subtle-strong'}`}
      >
        <span
          className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition-all ${checked ? 'left-6' : 'left-0.5'}`}
        />
      </span>
    </button>
  );
}
