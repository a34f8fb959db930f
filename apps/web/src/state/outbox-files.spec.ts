import type { FileView, SendMessagePayload } from '@app/contracts';
import { ApiError } from '../api/http';
import { CHAT, ME, flush, message, setup } from '../testing/store-fixtures';
import type { OutboxStorage, SavedPending } from './outbox-storage';
import type { StoreDeps } from './store-deps';

/** An upload under the test's control: progress, then done, failed, or aborted by its signal. */
class HeldUpload {
  readonly calls: Array<{ name: string; durationMs?: number; signal?: AbortSignal }> = [];
  private progress: (fraction: number) => void = () => undefined;
  private resolve: (view: FileView) => void = () => undefined;
  private reject: (error: unknown) => void = () => undefined;

  readonly uploadFile: StoreDeps['uploadFile'] = (_file, name, onProgress, signal, durationMs) => {
    this.calls.push({ name, durationMs, signal });
    this.progress = onProgress;
    return new Promise<FileView>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      signal?.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
    });
  };

  step(fraction: number) {
    this.progress(fraction);
  }

  finish(name: string, durationMs: number | null = null) {
    this.resolve({
      id: 'file-1',
      url: '/api/v1/media/file-1',
      name,
      mimeType: 'application/pdf',
      size: 9,
      sha256: '0'.repeat(64),
      durationMs,
    });
  }

  fail(error: unknown) {
    this.reject(error);
  }
}

/** A storage that records what it was asked to keep, or refuses everything. */
function storage(refuse = false) {
  const saves: SavedPending[] = [];
  const kept: OutboxStorage = {
    load: async () => [],
    save: async (saved) => {
      if (refuse) throw new Error('QuotaExceededError');
      saves.push(saved);
    },
    remove: async () => undefined,
  };
  return { kept, saves };
}

async function online(deps: Partial<StoreDeps> & { outboxStorage?: OutboxStorage }) {
  const opened = setup([], { deps });
  opened.link.setConnected(true);
  opened.link.answer = (event, payload) => {
    if (event !== 'message:send') return null;
    const sent = payload as SendMessagePayload;
    return { ...message(1, ME, sent.clientMessageId), text: sent.text ?? null };
  };
  await opened.store.loadChats();
  await opened.store.openChat(CHAT);
  return opened;
}

const pendingOf = (store: {
  getState(): { conversations: Record<string, { pending: unknown[] }> };
}) =>
  store.getState().conversations[CHAT].pending as Array<{
    text: string;
    status: string;
    unsaved?: boolean;
    file?: { name: string; progress: number; mediaId?: string; durationMs?: number };
  }>;

const pdf = new Blob(['%PDF-1.7'], { type: 'application/pdf' });

describe('sending files and voice messages', () => {
  it('uploads a file under its name, shows its progress, then sends it with its caption', async () => {
    const upload = new HeldUpload();
    const { store, link } = await online({ uploadFile: upload.uploadFile });
    store.send(CHAT, 'for Monday', { kind: 'file', file: pdf, name: 'report.pdf' });
    await flush();
    expect(upload.calls.map((c) => [c.name, c.durationMs])).toEqual([['report.pdf', undefined]]);
    upload.step(0.4);
    expect(pendingOf(store)[0]).toMatchObject({
      text: 'for Monday',
      status: 'sending',
      file: { name: 'report.pdf', progress: 0.4 },
    });
    expect(link.requests('message:send')).toEqual([]);

    upload.finish('report.pdf');
    await flush();
    const [sent] = link.requests('message:send') as SendMessagePayload[];
    expect(sent).toMatchObject({ chatId: CHAT, text: 'for Monday', mediaId: 'file-1' });
    expect(pendingOf(store)).toEqual([]);
  });

  it('uploads a voice message with its recorded length', async () => {
    const upload = new HeldUpload();
    const { store, link } = await online({ uploadFile: upload.uploadFile });
    const voice = new Blob(['webm'], { type: 'audio/webm' });
    store.send(CHAT, '', { kind: 'voice', file: voice, name: 'voice.webm', durationMs: 12_400 });
    await flush();
    expect(upload.calls.map((c) => [c.name, c.durationMs])).toEqual([['voice.webm', 12_400]]);
    expect(pendingOf(store)[0].file).toMatchObject({ durationMs: 12_400 });
    upload.finish('voice.webm', 12_400);
    await flush();
    expect(link.requests('message:send')).toEqual([expect.objectContaining({ mediaId: 'file-1' })]);
  });

  it('sends nothing when the upload is cancelled: the upload is aborted, the message gone', async () => {
    const upload = new HeldUpload();
    const { store, link } = await online({ uploadFile: upload.uploadFile });
    store.send(CHAT, 'never mind', { kind: 'file', file: pdf, name: 'big.zip' });
    await flush();
    upload.step(0.1);
    const [pending] = store.getState().conversations[CHAT].pending;
    store.discard(CHAT, pending.clientMessageId);
    await flush();
    expect(upload.calls[0].signal?.aborted).toBe(true);
    expect(pendingOf(store)).toEqual([]);
    expect(link.requests('message:send')).toEqual([]);
  });

  it("shows the server's refusal (too large, over the quota) without a Retry", async () => {
    const upload = new HeldUpload();
    const { store, link } = await online({
      uploadFile: upload.uploadFile,
      describeError: (e) => (e instanceof Error ? e.message : String(e)),
    });
    store.send(CHAT, '', { kind: 'file', file: pdf, name: 'movie.mkv' });
    await flush();
    upload.fail(
      new ApiError(413, 'Your uploads would exceed your storage quota of 1 GB (3 MB left).'),
    );
    await flush();
    expect(pendingOf(store)[0]).toMatchObject({
      status: 'failed',
      error: 'Your uploads would exceed your storage quota of 1 GB (3 MB left).',
      refused: true,
    });
    expect(link.requests('message:send')).toEqual([]);
  });

  it('keeps the file with its name in the browser, but not at every step of the upload', async () => {
    const upload = new HeldUpload();
    const { kept, saves } = storage();
    const { store } = await online({ uploadFile: upload.uploadFile, outboxStorage: kept });
    store.send(CHAT, '', { kind: 'voice', file: pdf, name: 'voice.webm', durationMs: 3_000 });
    await flush();
    expect(saves).toHaveLength(1);
    expect(saves[0].file).toEqual({ file: pdf, name: 'voice.webm', durationMs: 3_000 });
    for (const fraction of [0.1, 0.2, 0.5, 0.9]) upload.step(fraction);
    await flush();
    expect(saves).toHaveLength(1);
    // Once uploaded, its mediaId is kept: a reload sends it without uploading again.
    upload.finish('voice.webm', 3_000);
    await flush();
    expect(saves.at(-1)?.file).toMatchObject({ mediaId: 'file-1' });
  });

  it('says so on the message when the browser would not keep it, rather than lose it unnoticed', async () => {
    const upload = new HeldUpload();
    const { kept } = storage(true);
    const { store } = await online({ uploadFile: upload.uploadFile, outboxStorage: kept });
    store.send(CHAT, '', { kind: 'file', file: pdf, name: 'report.pdf' });
    await flush();
    expect(pendingOf(store)[0]).toMatchObject({ status: 'sending', unsaved: true });
  });
});
