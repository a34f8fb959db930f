import type { ChatInfo } from '@app/contracts';
import { chatText, useChatText } from '../i18n/chat';
import { chatTitle, isBlocked, isMuted, knownPresence, partnerOf } from '../state/chat-selectors';
import type { ChatState } from '../state/chat-state';
import { Avatar } from './Avatar';
import { MuteMenu } from './MuteMenu';
import { lastSeenText } from '../lib/days';
import { IconButton } from './ui';

/**
 * Who the chat is with and how they are, and the chat's own buttons: icons with names for screen
 * readers, so that on a phone the title and "last seen today at 13:14" keep the room (text buttons
 * cut the title to "Wee…").
 */
export function ConversationHeader({
  state,
  chat,
  searching,
  onBack,
  onInfo,
  onProfile,
  onToggleSearch,
  onMute,
  onUnmute,
}: {
  state: ChatState;
  chat: ChatInfo;
  searching: boolean;
  onBack: () => void;
  onInfo: () => void;
  onProfile: (userId: string) => void;
  onToggleSearch: () => void;
  onMute: (until: Date | null) => void;
  onUnmute: () => void;
}) {
  const t = useChatText();
  const title = chatTitle(state, chat);
  const partner = partnerOf(state, chat);
  const muted = isMuted(state, chat.id);
  const avatar = (
    <Avatar
      id={partner?.userId ?? chat.id}
      profile={partner?.profile}
      name={title}
      online={onlineOf(state, chat)}
    />
  );
  return (
    <header className="flex items-center gap-1 border-b border-line bg-surface p-2 md:gap-2">
      <IconButton icon="back" label={t('header.back')} className="md:hidden" onClick={onBack} />
      {partner ? (
        <button
          type="button"
          aria-label={t('header.profileOf', { name: title })}
          className="shrink-0 rounded-full"
          onClick={() => onProfile(partner.userId)}
        >
          {avatar}
        </button>
      ) : (
        avatar
      )}
      <div className="ml-1 min-w-0 flex-1">
        <h2 className="truncate font-semibold">{title}</h2>
        {/* Wraps rather than being cut: "last seen today at 13:14" is read whole. */}
        <p className="text-xs text-muted" aria-live="polite" data-testid="chat-status">
          {statusLine(state, chat)}
        </p>
      </div>
      {isBlocked(state, partner?.userId) && (
        <span
          data-testid="blocked-chip"
          className="shrink-0 rounded bg-danger-soft px-2 py-0.5 text-xs font-medium text-danger-ink"
        >
          {t('header.blocked')}
        </span>
      )}
      <IconButton
        icon="search"
        label={t('header.search')}
        aria-pressed={searching}
        onClick={onToggleSearch}
      />
      <MuteMenu
        muted={muted}
        mutedUntil={state.mutes[chat.id]?.mutedUntil ?? null}
        onMute={onMute}
        onUnmute={onUnmute}
      />
      {chat.kind === 'group' && (
        <IconButton icon="info" label={t('header.groupInfo')} onClick={onInfo} />
      )}
    </header>
  );
}

/** Unknown while I am not connected: what presence said before may no longer be true. */
function onlineOf(state: ChatState, chat: ChatInfo): boolean | undefined {
  const partner = partnerOf(state, chat);
  return partner ? knownPresence(state, partner.userId)?.online : undefined;
}

function statusLine(state: ChatState, chat: ChatInfo): string {
  // Offline, nobody's presence or typing can be known: say so rather than show stale news.
  if (state.connection !== 'online') return chatText('header.waitingForNetwork');
  const typing = (state.typing[chat.id] ?? []).map(
    (id) => chat.members.find((m) => m.userId === id)?.profile?.name ?? chatText('people.someone'),
  );
  if (typing.length === 1) return chatText('header.typingOne', { name: typing[0] });
  if (typing.length > 1) return chatText('header.typingMany', { names: typing });
  if (chat.kind === 'group') return chatText('header.members', { count: chat.members.length });
  const partner = partnerOf(state, chat);
  if (!partner) return '';
  const presence = state.presence[partner.userId];
  if (presence?.online) return chatText('people.online');
  // Presence only: profiles carry no last seen (only people the server lets see it get it).
  const lastSeen = presence?.lastSeenAt;
  return lastSeen ? lastSeenText(lastSeen) : chatText('people.offline');
}
