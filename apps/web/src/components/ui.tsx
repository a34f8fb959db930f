import type { ComponentProps, InputHTMLAttributes, ReactNode } from 'react';

export function Button({
  variant = 'primary',
  className = '',
  ...props
}: ComponentProps<'button'> & { variant?: 'primary' | 'ghost' | 'danger' }) {
  const look = {
    primary: 'bg-sky-600 text-white hover:bg-sky-700 disabled:bg-sky-300',
    ghost: 'text-slate-700 hover:bg-slate-200 disabled:text-slate-400',
    danger: 'text-red-700 hover:bg-red-50',
  }[variant];
  return (
    <button
      type="button"
      className={`rounded-md px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${look} ${className}`}
      {...props}
    />
  );
}

export function Field({
  label,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  return (
    <label className="block text-sm font-medium text-slate-700">
      {label}
      <input
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-base focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500"
        {...props}
      />
    </label>
  );
}

export function ErrorText({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="text-sm text-red-700">
      {children}
    </p>
  );
}

/** A side panel on desktop, a full screen on a phone. */
export function Panel({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <aside
      aria-label={title}
      className="fixed inset-0 z-20 flex flex-col bg-white md:static md:w-80 md:border-l md:border-slate-200"
    >
      <header className="flex items-center justify-between border-b border-slate-200 p-3">
        <h2 className="font-semibold">{title}</h2>
        <Button variant="ghost" onClick={onClose} aria-label={`Close ${title.toLowerCase()}`}>
          ✕
        </Button>
      </header>
      <div className="flex-1 space-y-4 overflow-y-auto p-4">{children}</div>
    </aside>
  );
}
