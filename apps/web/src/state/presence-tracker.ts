import type { ChatInfo, PresenceState } from '@app/contracts';
import { partnerOf } from './chat-selectors';
import type { ChatStateHolder } from './chat-state';
import type { RealtimeLink } from './realtime-link';

/** `presence:get` takes at most this many users. */
const PRESENCE_BATCH = 100;

/** Whether the partners of direct chats are online. */
export class PresenceTracker {
  constructor(
    private readonly holder: ChatStateHolder,
    private readonly link: RealtimeLink,
  ) {}

  /** Who of the direct partners (of these chats, or all) is online; then events keep it current. */
  async refresh(
    chats: readonly ChatInfo[] = Object.values(this.holder.state.chats),
  ): Promise<void> {
    const partners = chats
      .map((chat) => partnerOf(this.holder.state, chat)?.userId)
      .filter((id): id is string => Boolean(id))
      .slice(0, PRESENCE_BATCH);
    if (partners.length === 0 || !this.link.connected) return;
    try {
      const states = await this.link.request('presence:get', { userIds: partners });
      const presence = { ...this.holder.state.presence };
      for (const s of states) presence[s.userId] = s;
      this.holder.set({ presence });
    } catch {
      // shown as unknown until the next presence event
    }
  }

  /** A `presence` event: one user came online or went away. */
  update(presence: PresenceState): void {
    this.holder.set({ presence: { ...this.holder.state.presence, [presence.userId]: presence } });
  }
}
