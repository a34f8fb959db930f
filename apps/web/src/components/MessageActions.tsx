import type { ChatMessage } from '@app/contracts';
import { useCallback, useRef } from 'react';
import { EmojiPicker } from './EmojiPicker';
import type { MessageHandlers } from './message-handlers';
import { useDismiss } from './use-dismiss';
import { Button } from './ui';

/** Which of a message's popups is open. */
export type ActionsPanel = 'menu' | 'react' | 'confirm-delete' | null;

/**
 * The "⋯" button of a message (shown on hover or focus; a long press or right click opens the
 * same menu) and what it opens: reply, react, edit, delete, copy text.
 */
export function MessageActions({
  message,
  mine,
  panel,
  setPanel,
  allowEdit,
  allowDelete,
  handlers,
}: {
  message: ChatMessage;
  mine: boolean;
  panel: ActionsPanel;
  setPanel: (panel: ActionsPanel) => void;
  allowEdit: boolean;
  allowDelete: boolean;
  handlers: MessageHandlers;
}) {
  const close = useCallback(() => setPanel(null), [setPanel]);
  const wrapper = useRef<HTMLDivElement>(null);
  useDismiss(wrapper, close, panel !== null);
  const align = mine ? 'right' : 'left';
  return (
    <div ref={wrapper} className={`absolute top-0 ${mine ? '-left-9' : '-right-9'}`}>
      <button
        type="button"
        aria-label="Message actions"
        aria-haspopup="menu"
        aria-expanded={panel === 'menu'}
        onClick={() => setPanel(panel === 'menu' ? null : 'menu')}
        className="rounded-full px-2 py-1 text-slate-500 opacity-0 hover:bg-slate-200 focus:opacity-100 group-hover:opacity-100 aria-expanded:opacity-100 [@media(hover:none)]:opacity-100"
      >
        ⋯
      </button>
      {panel === 'menu' && (
        <ActionsMenu
          message={message}
          align={align}
          allowEdit={allowEdit}
          allowDelete={allowDelete}
          handlers={handlers}
          setPanel={setPanel}
        />
      )}
      {panel === 'react' && (
        <EmojiPicker
          align={align}
          onClose={close}
          onPick={(emoji) => handlers.react(message.seq, emoji)}
        />
      )}
      {panel === 'confirm-delete' && (
        <ConfirmDelete
          align={align}
          onClose={close}
          onDelete={() => void handlers.remove(message.seq).finally(close)}
        />
      )}
    </div>
  );
}

function ActionsMenu({
  message,
  align,
  allowEdit,
  allowDelete,
  handlers,
  setPanel,
}: {
  message: ChatMessage;
  align: 'left' | 'right';
  allowEdit: boolean;
  allowDelete: boolean;
  handlers: MessageHandlers;
  setPanel: (panel: ActionsPanel) => void;
}) {
  const close = () => setPanel(null);
  const item = (label: string, run: () => void) => (
    <button
      type="button"
      role="menuitem"
      className="block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 focus:outline-none"
      onClick={run}
    >
      {label}
    </button>
  );
  const text = message.text;
  return (
    <div
      role="menu"
      aria-label="Message actions"
      className={`absolute top-full z-20 mt-1 w-40 rounded-lg border border-slate-200 bg-white py-1 text-slate-900 shadow-lg ${align === 'right' ? 'right-0' : 'left-0'}`}
    >
      {item('Reply', () => {
        handlers.reply(message);
        close();
      })}
      {item('React', () => setPanel('react'))}
      {allowEdit &&
        item('Edit', () => {
          handlers.startEdit(message.seq);
          close();
        })}
      {allowDelete && item('Delete', () => setPanel('confirm-delete'))}
      {text &&
        item('Copy text', () => {
          handlers.copy(text);
          close();
        })}
    </div>
  );
}

function ConfirmDelete({
  align,
  onClose,
  onDelete,
}: {
  align: 'left' | 'right';
  onClose: () => void;
  onDelete: () => void;
}) {
  return (
    <div
      role="alertdialog"
      aria-label="Delete message"
      className={`absolute top-full z-20 mt-1 w-60 rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-900 shadow-lg ${align === 'right' ? 'right-0' : 'left-0'}`}
    >
      <p className="mb-2">Delete this message for everyone?</p>
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" onClick={onDelete} autoFocus>
          Delete
        </Button>
      </div>
    </div>
  );
}
