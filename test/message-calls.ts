import type { AuthSession, ChatMessage, ChatView } from '@app/contracts';
import { bearer, clientMessageId, type Origin } from '@app/testing';

const reactionPath = (chatId: string, seq: number, emoji: string) =>
  `/api/v1/chats/${chatId}/messages/${seq}/reactions/${encodeURIComponent(emoji)}`;

/** The REST calls of messages and their changes, as `session`; each test states what it expects. */
export const messageCalls = (t: Origin, session: AuthSession) => ({
  send: (chatId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/v1/chats/${chatId}/messages`)
      .set(bearer(session))
      .send({ clientMessageId: clientMessageId(), ...body }),
  edit: (chatId: string, seq: number | string, text: unknown) =>
    t.http().patch(`/api/v1/chats/${chatId}/messages/${seq}`).set(bearer(session)).send({ text }),
  remove: (chatId: string, seq: number) =>
    t.http().delete(`/api/v1/chats/${chatId}/messages/${seq}`).set(bearer(session)),
  react: (chatId: string, seq: number, emoji: string) =>
    t
      .http()
      .put(reactionPath(chatId, seq, emoji))
      .set(bearer(session)),
  unreact: (chatId: string, seq: number, emoji: string) =>
    t
      .http()
      .delete(reactionPath(chatId, seq, emoji))
      .set(bearer(session)),
  history: async (chatId: string, query = '') =>
    (
      await t
        .http()
        .get(`/api/v1/chats/${chatId}/messages${query}`)
        .set(bearer(session))
        .expect(200)
    ).body as { items: ChatMessage[]; hasMore: boolean },
  chat: async (chatId: string) =>
    (await t.http().get(`/api/v1/chats/${chatId}`).set(bearer(session)).expect(200))
      .body as ChatView,
});
