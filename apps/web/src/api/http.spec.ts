import { ApiError, api, whenSignedOut } from './http';

type Answer = { status: number; body?: unknown };

/** A fake `fetch` answering each path from a queue, and recording the calls. */
function fakeFetch(answers: Record<string, Answer[]>) {
  const calls: string[] = [];
  const fetchMock = jest.fn(async (url: string) => {
    calls.push(url);
    const answer = answers[url]?.shift() ?? { status: 500 };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
    });
  });
  globalThis.fetch = fetchMock as unknown as typeof fetch;
  return calls;
}

describe('the API client', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('renews an expired access token once for a burst of 401s, then retries each call', async () => {
    const calls = fakeFetch({
      '/api/v1/users/me': [{ status: 401 }, { status: 200, body: { id: 'me' } }],
      '/api/v1/chats': [{ status: 401 }, { status: 200, body: { items: [] } }],
      '/api/v1/auth/refresh': [{ status: 200, body: {} }],
    });
    const [me, chats] = await Promise.all([api('/users/me'), api('/chats')]);
    expect(me).toEqual({ id: 'me' });
    expect(chats).toEqual({ items: [] });
    expect(calls.filter((c) => c === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('says the session is over when the refresh is refused too', async () => {
    fakeFetch({
      '/api/v1/users/me': [{ status: 401 }, { status: 401, body: { message: 'Not signed in' } }],
      '/api/v1/auth/refresh': [{ status: 401 }],
    });
    const signedOut = jest.fn();
    whenSignedOut(signedOut);
    await expect(api('/users/me')).rejects.toMatchObject({ status: 401 });
    expect(signedOut).toHaveBeenCalledTimes(1);
  });

  it('answers errors in the API shape, with the wait of a 429', async () => {
    fakeFetch({
      '/api/v1/auth/otp/request': [
        { status: 429, body: { message: 'Too many', details: { retryAfterSec: 42 } } },
      ],
    });
    const error = (await api('/auth/otp/request', { method: 'POST', json: {} }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.message, error.retryAfterSec]).toEqual([429, 'Too many', 42]);
  });
});
