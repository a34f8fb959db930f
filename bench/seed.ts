import type { AuthSession, ChatView } from '@app/contracts';

/** Who connects as what: one socket per user, every user in one chat of `chatSize`. */
export interface Population {
  clients: Array<{ auth: Record<string, unknown>; chatId: string }>;
  chats: number;
}

/** The relay needs no accounts: a chat is a room name. */
export function relayPopulation(users: number, chatSize: number): Population {
  return {
    clients: Array.from({ length: users }, (_, i) => {
      const chatId = `chat-${Math.floor(i / chatSize)}`;
      return { auth: { rooms: [chatId] }, chatId };
    }),
    chats: Math.ceil(users / chatSize),
  };
}

/** Real accounts (password sign-up) and group chats, made through the public API. */
export async function appPopulation(
  url: string,
  users: number,
  chatSize: number,
): Promise<Population> {
  const stamp = Date.now().toString(36);
  const sessions = await mapLimit(
    Array.from({ length: users }, (_, i) => i),
    16,
    async (i) =>
      post<AuthSession>(url, '/api/v1/auth/register', undefined, {
        email: `bench-${stamp}-${i}@example.com`,
        password: 'bench password 1',
        name: `Bench ${i}`,
      }),
  );
  const groups = Array.from({ length: Math.ceil(users / chatSize) }, (_, g) =>
    sessions.slice(g * chatSize, (g + 1) * chatSize),
  );
  const chatIds = await mapLimit(groups, 8, async (members, g) => {
    const chat = await post<ChatView>(url, '/api/v1/chats/groups', members[0].accessToken, {
      name: `Bench ${g}`,
      memberIds: members.slice(1).map((m) => m.user.id),
    });
    return chat.id;
  });
  return {
    clients: sessions.map((session, i) => ({
      auth: { token: session.accessToken },
      chatId: chatIds[Math.floor(i / chatSize)],
    })),
    chats: chatIds.length,
  };
}

async function post<T>(
  url: string,
  path: string,
  token: string | undefined,
  body: unknown,
): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}
