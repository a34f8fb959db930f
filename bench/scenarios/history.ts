import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { AuthSession, ChatView } from '@app/contracts';
import { Target } from '../targets';
import { round } from './throughput';

export interface HistoryOptions {
  /** Message counts to measure at, ascending, e.g. 10k, 100k, 1M. */
  sizes: number[];
  /** Chats in the list of the user whose chat list is measured. */
  listChats: number;
  /** Requests per measurement. */
  samples: number;
}

interface Latency {
  p50: number;
  p99: number;
}

export interface HistoryReport {
  scenario: 'history';
  options: HistoryOptions;
  pages: Array<{ messages: number; newest: Latency; middle: Latency; oldest: Latency }>;
  chatList: Latency;
  /** Slowest page at the largest size ÷ the same page at the smallest; target ≤ 2. */
  flatness: number;
}

/**
 * One chat grown to each size (rows inserted straight into PostgreSQL, as only the reads are
 * measured), and the latency of a 50-message page at the newest end, the middle and the oldest
 * end through the API; then the chat list of someone in `listChats` chats.
 */
export async function history(options: HistoryOptions): Promise<HistoryReport> {
  const target = await Target.app({ database: 'postgres', redis: false });
  await target.start();
  const db = new Client({ connectionString: target.databaseUrl });
  await db.connect();
  try {
    const [ada, bob] = [await register(target.url, 'ada'), await register(target.url, 'bob')];
    const chat = await call<ChatView>(target.url, 'POST', '/api/v1/chats/direct', ada, {
      userId: bob.user.id,
    });
    const pages: HistoryReport['pages'] = [];
    let stored = 0;
    for (const size of options.sizes) {
      await db.query(
        `insert into messages (id, chat_id, seq, sender_id, kind, text, created_at)
         select gen_random_uuid(), $1, g, $2, 'text', 'message number ' || g,
                now() - make_interval(secs => $3 - g)
         from generate_series($4::int + 1, $3::int) g`,
        [chat.id, ada.user.id, size, stored],
      );
      await db.query('update chats set last_seq = $2 where id = $1', [chat.id, size]);
      await db.query('analyze messages');
      stored = size;
      const page = (query: string) =>
        measure(options.samples, () =>
          call(target.url, 'GET', `/api/v1/chats/${chat.id}/messages?limit=50${query}`, bob),
        );
      pages.push({
        messages: size,
        newest: await page(''),
        middle: await page(`&beforeSeq=${Math.floor(size / 2)}`),
        oldest: await page('&afterSeq=0'),
      });
    }
    await db.query(
      `with made as (
         insert into chats (id, kind, name, created_by, created_at, updated_at, last_seq)
         select gen_random_uuid(), 'group', 'Group ' || g, $1, now(), now() - make_interval(secs => g), 0
         from generate_series(1, $2::int) g
         returning id)
       insert into chat_members (chat_id, user_id, role) select id, $1, 'owner' from made`,
      [bob.user.id, options.listChats],
    );
    await db.query('analyze chats; analyze chat_members');
    const chatList = await measure(options.samples, () =>
      call(target.url, 'GET', '/api/v1/chats?limit=50', bob),
    );
    const first = pages[0];
    const last = pages[pages.length - 1];
    const flatness = Math.max(
      ...(['newest', 'middle', 'oldest'] as const).map((k) => last[k].p50 / first[k].p50),
    );
    return { scenario: 'history', options, pages, chatList, flatness: round(flatness) };
  } finally {
    await db.end();
    await target.dispose();
  }
}

async function measure(samples: number, request: () => Promise<unknown>): Promise<Latency> {
  await request(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    await request();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    round(times[Math.min(times.length - 1, Math.floor(q * times.length))], 2);
  return { p50: at(0.5), p99: at(0.99) };
}

let registered = 0;

async function register(url: string, name: string): Promise<AuthSession> {
  registered += 1;
  return call<AuthSession>(url, 'POST', '/api/v1/auth/register', undefined, {
    email: `history-${Date.now()}-${registered}@example.com`,
    password: 'bench password 1',
    name,
  });
}

async function call<T>(
  url: string,
  method: string,
  path: string,
  session: AuthSession | undefined,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(session && { authorization: `Bearer ${session.accessToken}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
