import type { ChatView, PublicUserProfile } from '@app/contracts';
import { MAX_GROUP_NAME_LENGTH } from '@app/contracts';
import { useState } from 'react';
import { api, describeError } from '../api/http';
import { useChatText } from '../i18n/chat';
import { Button, ErrorText, Field, IconButton, Panel } from './ui';
import { UserSearch } from './UserSearch';

export function NewGroup({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (chat: ChatView) => void;
}) {
  const t = useChatText();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<PublicUserProfile[]>([]);
  const [error, setError] = useState('');
  const create = async () => {
    setError('');
    try {
      onCreated(
        await api<ChatView>('/chats/groups', {
          method: 'POST',
          json: { name, memberIds: members.map((m) => m.id) },
        }),
      );
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <Panel title={t('group.newGroup')} onClose={onClose}>
      <Field
        label={t('group.name')}
        required
        maxLength={MAX_GROUP_NAME_LENGTH}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <UserSearch
        label={t('group.addMembers')}
        exclude={members.map((m) => m.id)}
        onPick={(person) => setMembers([...members, person])}
      />
      <ul aria-label={t('group.toAdd')} className="flex flex-wrap gap-2">
        {members.map((person) => (
          <li
            key={person.id}
            className="flex items-center rounded-full bg-subtle-strong py-0.5 pl-3 pr-1 text-sm"
          >
            {person.name}
            <IconButton
              icon="close"
              label={t('group.doNotAdd', { name: person.name })}
              className="ml-1 !p-1"
              onClick={() => setMembers(members.filter((m) => m.id !== person.id))}
            />
          </li>
        ))}
      </ul>
      <ErrorText>{error}</ErrorText>
      <Button onClick={() => void create()} disabled={!name.trim()}>
        {t('group.create')}
      </Button>
    </Panel>
  );
}
