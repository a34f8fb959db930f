import type { ComponentProps, InputHTMLAttributes, ReactNode } from 'react';
import { useCommonText } from '../i18n/i18n';
import { Icon, type IconName } from './icons';

/**
 * The one look of every text box (inputs, search boxes, the composer, the edit box): 16 px text
 * (phones do not zoom in on it), a border of 3:1 or more, the theme's surface. Focus shows the
 * page's one focus ring (styles.css).
 */
export const INPUT_CLASS =
  'block w-full rounded-md border border-line-strong bg-surface px-3 py-2 text-base text-ink placeholder:text-muted';

export function Button({
  variant = 'primary',
  className = '',
  ...props
}: ComponentProps<'button'> & { variant?: 'primary' | 'ghost' | 'danger' }) {
  const look = {
    // White on sky-700 is 5.9:1 (sky-600 was 4.09:1, under the 4.5:1 small text needs).
    primary: 'bg-sky-700 text-white hover:bg-sky-800 disabled:bg-subtle-strong disabled:text-muted',
    ghost: 'text-ink-soft hover:bg-subtle-strong disabled:text-muted',
    danger: 'text-danger hover:bg-danger-soft',
  }[variant];
  return (
    <button
      type="button"
      className={`rounded-md px-3 py-2 text-sm font-medium ${look} ${className}`}
      {...props}
    />
  );
}

/** A button showing only an icon: `label` is its name for screen readers and its tooltip. */
export function IconButton({
  icon,
  label,
  className = '',
  ...props
}: Omit<ComponentProps<'button'>, 'children' | 'aria-label'> & {
  icon: IconName;
  label: string;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className={`shrink-0 rounded-md p-2 text-ink-soft hover:bg-subtle-strong ${className}`}
      {...props}
    >
      <Icon name={icon} />
    </button>
  );
}

export function Field({
  label,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  return (
    <label className="block text-sm font-medium text-ink-soft">
      {label}
      <input className={`mt-1 ${INPUT_CLASS}`} {...props} />
    </label>
  );
}

export function ErrorText({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p role="alert" className="text-sm text-danger">
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
  const t = useCommonText();
  return (
    <aside
      aria-label={title}
      className="fixed inset-0 z-20 flex flex-col bg-surface md:static md:w-80 md:border-l md:border-line"
    >
      <header className="flex items-center justify-between border-b border-line p-3">
        <h2 className="font-semibold">{title}</h2>
        <IconButton icon="close" label={t('panel.close', { title })} onClick={onClose} />
      </header>
      <div className="flex-1 space-y-4 overflow-y-auto p-4">{children}</div>
    </aside>
  );
}
