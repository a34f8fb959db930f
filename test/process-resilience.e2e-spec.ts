import { startAppProcess, type AppProcess } from '@app/testing';

/** Opens an engine.io long-polling session and sends Socket.IO's CONNECT packet, as a raw client. */
async function pollingHandshake(url: string, cookie: string): Promise<number> {
  const headers = { cookie };
  const open = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers });
  const body = await open.text();
  const sid = (JSON.parse(body.slice(body.indexOf('{'))) as { sid: string }).sid;
  const connect = await fetch(`${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/plain;charset=UTF-8' },
    body: '40',
  });
  // The answer to CONNECT (here: the refusal) comes on the next poll.
  await fetch(`${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { headers }).catch(() => 0);
  return connect.status;
}

describe('The process as a whole', () => {
  let app: AppProcess;

  beforeAll(async () => {
    app = await startAppProcess({ env: { LOG_LEVEL: 'info' } });
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('survives a handshake whose cookie holds malformed percent-encoding', async () => {
    for (const cookie of ['access_token=%E0%A4%A', 'access_token=%', 'access_token=%ZZ; a=%']) {
      expect(await pollingHandshake(app.url, cookie)).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(app.alive()).toBe(true);
    const health = await fetch(`${app.url}/health`);
    expect(health.status).toBe(200);
  });

  it('writes its log as it happens: Nest’s own lines too, and each request’s id on its lines', async () => {
    await fetch(`${app.url}/api/v1/users/me`, { headers: { 'x-request-id': 'trace-me-42' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = app.logLines().map((line) => JSON.parse(line) as Record<string, unknown>);
    // Logged through Nest's Logger during boot: kept in a buffer forever before the fix.
    expect(lines.some((line) => line.context === 'RoutesResolver')).toBe(true);
    expect(lines.some((line) => line.reqId === 'trace-me-42')).toBe(true);
  });
});
