import type { ChatInfo, ChatView } from '@app/contracts';
import { useState } from 'react';
import { api, describeError } from '../api/http';
import { useChatText } from '../i18n/chat';
import { myMember } from '../state/chat-selectors';
import type { ChatState } from '../state/chat-state';
import type { ChatStore } from '../state/chat-store';
import { Avatar } from './Avatar';
import { Handle } from './Handle';
import { Button, ErrorText, Field, Panel } from './ui';
import { ConfirmButton } from './ConfirmButton';
import { UserSearch } from './UserSearch';

export function GroupInfo({
  store,
  state,
  chat,
  onClose,
}: {
  store: ChatStore;
  state: ChatState;
  chat: ChatInfo;
  onClose: () => void;
}) {
  const t = useChatText();
  const [name, setName] = useState(chat.name ?? '');
  const [error, setError] = useState('');
  const role = myMember(state, chat)?.role;
  const canManage = role === 'owner' || role === 'admin';

  const run = async (work: () => Promise<ChatView | undefined>) => {
    setError('');
    try {
      const chatView = await work();
      if (chatView) store.upsertChat(chatView);
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <Panel title={t('group.info')} onClose={onClose}>
      {canManage ? (
        <form
          className="flex items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => api<ChatView>(`/chats/${chat.id}`, { method: 'PATCH', json: { name } }));
          }}
        >
          <div className="flex-1">
            <Field label={t('group.name')} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <Button type="submit" disabled={!name.trim() || name === chat.name}>
            {t('group.rename')}
          </Button>
        </form>
      ) : (
        <p className="font-semibold">{chat.name}</p>
      )}
      <ErrorText>{error}</ErrorText>
      <section aria-label={t('group.members')}>
        <h3 className="mb-2 text-sm font-semibold text-muted">
          {t('group.memberCount', { count: chat.members.length })}
        </h3>
        <ul className="space-y-2">
          {chat.members.map((member) => {
            const memberName = member.profile?.name ?? t('people.deletedAccount');
            return (
              <li key={member.userId} className="flex items-center gap-2">
                <Avatar id={member.userId} profile={member.profile} name={memberName} size="sm" />
                <span className="min-w-0 flex-1 break-words">
                  {memberName}
                  {member.userId === state.me.id && t('group.you')}
                  <Handle handle={member.profile?.handle} className="ml-1" />
                  {member.role !== 'member' && (
                    <span className="ml-1 text-xs text-muted">{t(`group.${member.role}`)}</span>
                  )}
                </span>
                {canManage && member.role !== 'owner' && member.userId !== state.me.id && (
                  <ConfirmButton
                    aria-label={t('group.removeNamed', { name: memberName })}
                    question={t('group.removeQuestion', { name: memberName })}
                    confirmLabel={t('group.remove')}
                    onConfirm={() =>
                      void run(() =>
                        api(`/chats/${chat.id}/members/${member.userId}`, { method: 'DELETE' }),
                      )
                    }
                  >
                    {t('group.remove')}
                  </ConfirmButton>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      {canManage && (
        <UserSearch
          label={t('group.addPeople')}
          exclude={chat.members.map((m) => m.userId)}
          onPick={(person) =>
            void run(() =>
              api<ChatView>(`/chats/${chat.id}/members`, {
                method: 'POST',
                json: { userIds: [person.id] },
              }),
            )
          }
        />
      )}
      <ConfirmButton
        question={
          chat.name
            ? t('group.leaveQuestion', { name: chat.name })
            : t('group.leaveQuestionUnnamed')
        }
        confirmLabel={t('group.leave')}
        onConfirm={() =>
          void run(async () => {
            await api(`/chats/${chat.id}/members/${state.me.id}`, { method: 'DELETE' });
            onClose();
            return undefined;
          })
        }
      >
        {t('group.leaveGroup')}
      </ConfirmButton>
    </Panel>
  );
}
