import type { ChatView } from '@app/contracts';
import { BOB, chat, message, setup } from '../testing/store-fixtures';
import type { NotificationRequest } from './store-deps';

const EVE = 'eve';

/** The fixtures' chat as a group of me, Bob and Eve. */
const group = (): ChatView => {
  const direct = chat(0);
  return {
    ...direct,
    kind: 'group',
    name: 'Trip',
    members: [
      ...direct.members,
      { userId: EVE, role: 'member', lastReadSeq: 0, lastDeliveredSeq: 0, profile: null },
    ],
  };
};

describe('notifications of people I blocked', () => {
  it('are never shown for a message from someone I blocked, and are again after the unblock', async () => {
    const notes: NotificationRequest[] = [];
    const s = setup([], {
      view: group(),
      routes: () => undefined,
      deps: { notify: (n) => notes.push(n) },
    });
    s.link.setConnected(true);
    await s.store.loadChats();
    await s.store.block(EVE);

    s.link.emit('message:new', { message: message(1, EVE) });
    s.link.emit('message:new', { message: { ...message(2, EVE), mentions: ['me'] } });
    s.link.emit('message:new', { message: message(3, BOB) });
    expect(notes.map((n) => n.seq)).toEqual([3]);

    await s.store.unblock(EVE);
    s.link.emit('message:new', { message: message(4, EVE) });
    expect(notes.map((n) => n.seq)).toEqual([3, 4]);
  });
});
