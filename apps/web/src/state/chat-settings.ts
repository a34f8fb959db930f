import type { BlockedUserView, ChatView } from '@app/contracts';
import type { ChatStateHolder, MuteState } from './chat-state';
import type { StoreDeps } from './store-deps';

/** setTimeout fires at once for a longer delay (it holds at most about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Mine alone, and kept by the server: whom I blocked, and which chats I muted until when. */
export class ChatSettings {
  private readonly muteEnds = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly holder: ChatStateHolder,
    private readonly deps: StoreDeps,
  ) {}

  /** The mutes of the chat list, or of one chat's view. */
  noteViews(views: readonly ChatView[]): void {
    const mutes = { ...this.holder.state.mutes };
    for (const view of views) {
      mutes[view.id] = { muted: view.muted, mutedUntil: view.mutedUntil };
      this.scheduleEnd(view.id, mutes[view.id]);
    }
    this.holder.set({ mutes });
  }

  /** Until a time, or until I unmute (`null`). Answers the chat as it is now. */
  mute(chatId: string, until: Date | null): Promise<ChatView> {
    return this.deps.http<ChatView>(`/chats/${chatId}/mute`, {
      method: 'PUT',
      json: { until: until ? until.toISOString() : null },
    });
  }

  unmute(chatId: string): Promise<ChatView> {
    return this.deps.http<ChatView>(`/chats/${chatId}/mute`, { method: 'DELETE' });
  }

  /** Whom I blocked; left as it is when the server cannot tell. */
  async loadBlocks(): Promise<void> {
    try {
      const blocked = await this.deps.http<BlockedUserView[]>('/users/me/blocks');
      this.holder.set({ blocked: blocked.map((b) => b.userId) });
    } catch {
      // shown as not blocked until the next load
    }
  }

  async block(userId: string): Promise<void> {
    await this.deps.http(`/users/${userId}/block`, { method: 'PUT' });
    const { blocked } = this.holder.state;
    if (!blocked.includes(userId)) this.holder.set({ blocked: [...blocked, userId] });
  }

  async unblock(userId: string): Promise<void> {
    await this.deps.http(`/users/${userId}/block`, { method: 'DELETE' });
    this.holder.set({ blocked: this.holder.state.blocked.filter((id) => id !== userId) });
  }

  /** A mute with an end shows as over at that moment (the list reloads later say so too). */
  private scheduleEnd(chatId: string, mute: MuteState): void {
    clearTimeout(this.muteEnds.get(chatId));
    this.muteEnds.delete(chatId);
    if (!mute.muted || mute.mutedUntil === null) return;
    const delay = Date.parse(mute.mutedUntil) - Date.now();
    if (delay > MAX_TIMER_MS) return;
    const end = () => {
      this.muteEnds.delete(chatId);
      this.holder.set({
        mutes: { ...this.holder.state.mutes, [chatId]: { muted: false, mutedUntil: null } },
      });
    };
    this.muteEnds.set(chatId, setTimeout(end, Math.max(0, delay)));
  }
}
