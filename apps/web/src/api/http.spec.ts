import {
  ApiError,
  api,
  forgetSession,
  latestAccessGrant,
  onAccessGrant,
  refreshSession,
  whenSignedOut,
  type AccessGrant,
} from './http';

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

  it("renews an expired access token for the person's sessions, but takes a sign-in's 401 as the answer", async () => {
    const calls = fakeFetch({
      '/api/v1/auth/sessions': [{ status: 401 }, { status: 200, body: [] }],
      '/api/v1/auth/sessions/s1': [{ status: 401 }, { status: 204 }],
      '/api/v1/auth/login': [{ status: 401, body: { message: 'Wrong e-mail or password' } }],
      '/api/v1/auth/refresh': [
        { status: 200, body: {} },
        { status: 200, body: {} },
      ],
    });
    const signedOut = jest.fn();
    whenSignedOut(signedOut);
    await expect(api('/auth/sessions')).resolves.toEqual([]);
    await expect(api('/auth/sessions/s1', { method: 'DELETE' })).resolves.toBeUndefined();
    await expect(api('/auth/login', { method: 'POST', json: {} })).rejects.toMatchObject({
      status: 401,
      message: 'Wrong e-mail or password',
    });
    expect(calls.filter((c) => c === '/api/v1/auth/refresh')).toHaveLength(2);
    expect(signedOut).not.toHaveBeenCalled();
  });

  it('hands the access token of a refresh to its listeners (the socket) and keeps it for the next handshake', async () => {
    forgetSession();
    fakeFetch({
      '/api/v1/users/me': [{ status: 401 }, { status: 200, body: { id: 'me' } }],
      '/api/v1/auth/refresh': [
        { status: 200, body: { accessToken: 'fresh', accessTokenExpiresInSec: 900 } },
      ],
    });
    const grants: AccessGrant[] = [];
    const stop = onAccessGrant((grant) => grants.push(grant));
    try {
      const before = Date.now();
      await api('/users/me');
      expect(grants.map((g) => g.token)).toEqual(['fresh']);
      expect(latestAccessGrant()).toBe(grants[0]);
      expect(grants[0].expiresAt - grants[0].receivedAt).toBe(900_000);
      expect(grants[0].receivedAt).toBeGreaterThanOrEqual(before);
    } finally {
      stop();
      forgetSession();
    }
  });

  it('reports a refresh the server refused, and hands on no token', async () => {
    forgetSession();
    fakeFetch({ '/api/v1/auth/refresh': [{ status: 401 }] });
    const listener = jest.fn();
    const stop = onAccessGrant(listener);
    await expect(refreshSession()).resolves.toBe(false);
    stop();
    expect(listener).not.toHaveBeenCalled();
    expect(latestAccessGrant()).toBeNull();
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
