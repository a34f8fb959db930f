import type { CatchUp } from './catch-up';
import type { ChatStateHolder } from './chat-state';
import type { IncomingMessages } from './incoming-messages';
import type { MessageChanges } from './message-changes';
import type { MyChats } from './my-chats';
import type { Notifier } from './notifier';
import type { Outbox } from './outbox';
import type { PresenceTracker } from './presence-tracker';
import type { ReadReceipts } from './read-receipts';
import type { RealtimeLink } from './realtime-link';
import type { TypingIndicators } from './typing-indicators';

/** The parts of the store that server events and connection changes update. */
export interface SocketEventTargets {
  holder: ChatStateHolder;
  incoming: IncomingMessages;
  changes: MessageChanges;
  notifier: Notifier;
  receipts: ReadReceipts;
  typing: TypingIndicators;
  presence: PresenceTracker;
  myChats: MyChats;
  outbox: Outbox;
  catchUp: CatchUp;
}

/** Connects every server event, and the connection going up and down, to the store. */
export function listenToSocket(link: RealtimeLink, targets: SocketEventTargets): void {
  const { holder, incoming, changes, notifier, receipts, typing, presence, myChats, outbox } =
    targets;
  const { catchUp } = targets;
  let everConnected = false;
  link.onConnectionChange((connected) => {
    if (!connected) {
      catchUp.stopWatchingGaps();
      changes.forgetUncaughtCopies();
      return holder.set({ connection: 'reconnecting' });
    }
    const first = !everConnected;
    everConnected = true;
    holder.set({ connection: 'online' });
    if (first) void presence.refresh();
    // A failed catch-up (chat:sync unanswered, the list not loading) is left for the next
    // reconnect, which catches up from the same seqs; a gap seen live is asked for meanwhile.
    else catchUp.afterReconnect().catch(() => undefined);
    outbox.sendWaiting();
  });
  link.on('message:new', ({ message }) => {
    incoming.receive([message]);
    notifier.consider(message);
  });
  link.on('message:updated', ({ message }) => changes.apply([message]));
  link.on('message:read', ({ chatId, userId, seq }) =>
    receipts.move(chatId, userId, 'lastReadSeq', seq),
  );
  link.on('message:delivered', ({ chatId, userId, seq }) =>
    receipts.move(chatId, userId, 'lastDeliveredSeq', seq),
  );
  link.on('typing', ({ chatId, userId, isTyping }) => typing.show(chatId, userId, isTyping));
  link.on('chat:updated', ({ reason, chat }) => myChats.applyUpdate(chat, reason));
  link.on('presence', (state) => presence.update(state));
}
