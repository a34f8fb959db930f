import type { ChatMessage } from '@app/contracts';
import { lazy, Suspense, useCallback, useRef, type RefObject } from 'react';
import { useChatText } from '../i18n/chat';
import { Icon } from './icons';
import { Menu, MenuItem } from './Menu';
import type { MessageHandlers } from './message-handlers';
import { popupPlace } from './popup-place';
import { useDismiss } from './use-dismiss';
import { useReturnFocus } from './use-return-focus';
import { Button } from './ui';

// The emoji list is only needed once someone reacts: it loads then, not with the first screen.
const EmojiPicker = lazy(() => import('./EmojiPicker').then((m) => ({ default: m.EmojiPicker })));

/** Which of a message's popups is open. */
export type ActionsPanel = 'menu' | 'react' | 'confirm-delete' | null;

/**
 * The "⋯" button of a message (shown on hover or focus; a long press, a right click, or Enter on
 * the message opens the same menu) and what it opens: reply, react, edit, delete, copy text. When
 * a popup closes, the focus goes back to what opened it (or to the message).
 */
export function MessageActions({
  message,
  mine,
  panel,
  setPanel,
  allowEdit,
  allowDelete,
  handlers,
  bubble,
}: {
  message: ChatMessage;
  mine: boolean;
  panel: ActionsPanel;
  setPanel: (panel: ActionsPanel) => void;
  allowEdit: boolean;
  allowDelete: boolean;
  handlers: MessageHandlers;
  /** The message itself: the focus goes there when what opened the popup is gone. */
  bubble: RefObject<HTMLElement | null>;
}) {
  const t = useChatText();
  const close = useCallback(() => setPanel(null), [setPanel]);
  const wrapper = useRef<HTMLDivElement>(null);
  useDismiss(wrapper, close, panel !== null);
  useReturnFocus(panel !== null, bubble);
  const align = mine ? 'right' : 'left';
  return (
    <div ref={wrapper} className={`absolute top-0 ${mine ? '-left-9' : '-right-9'}`}>
      <button
        type="button"
        aria-label={t('actions.label')}
        aria-haspopup="menu"
        aria-expanded={panel === 'menu'}
        onClick={() => setPanel(panel === 'menu' ? null : 'menu')}
        className="rounded-full p-1.5 text-muted opacity-0 hover:bg-subtle-strong focus:opacity-100 group-hover:opacity-100 aria-expanded:opacity-100 [@media(hover:none)]:opacity-100"
      >
        <Icon name="more" />
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
        <Suspense fallback={null}>
          <EmojiPicker
            className={popupPlace(align, 'md:w-64')}
            onClose={close}
            onPick={(emoji) => handlers.react(message.seq, emoji)}
          />
        </Suspense>
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
  const t = useChatText();
  const close = () => setPanel(null);
  const text = message.text;
  return (
    <Menu
      label={t('actions.label')}
      className={`py-1 ${popupPlace(align, 'md:w-40')}`}
      onClose={close}
    >
      <MenuItem
        onSelect={() => {
          handlers.reply(message);
          close();
        }}
      >
        {t('actions.reply')}
      </MenuItem>
      <MenuItem onSelect={() => setPanel('react')}>{t('actions.react')}</MenuItem>
      {allowEdit && (
        <MenuItem
          onSelect={() => {
            handlers.startEdit(message.seq);
            close();
          }}
        >
          {t('actions.edit')}
        </MenuItem>
      )}
      {allowDelete && (
        <MenuItem onSelect={() => setPanel('confirm-delete')}>{t('actions.delete')}</MenuItem>
      )}
      {text && (
        <MenuItem
          onSelect={() => {
            handlers.copy(text);
            close();
          }}
        >
          {t('actions.copy')}
        </MenuItem>
      )}
    </Menu>
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
  const t = useChatText();
  return (
    <div
      role="alertdialog"
      aria-label={t('actions.deleteTitle')}
      className={`p-3 text-sm ${popupPlace(align, 'md:w-60')}`}
    >
      <p className="mb-2">{t('actions.deleteQuestion')}</p>
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          {t('actions.cancel')}
        </Button>
        <Button variant="danger" onClick={onDelete} autoFocus>
          {t('actions.delete')}
        </Button>
      </div>
    </div>
  );
}
