import { linkPreviewsShown, onLinkPreviewsChange, showLinkPreviews } from './link-preview-setting';
import { MemoryStorage } from '../testing/memory-storage';

/** Storage that refuses every write, as in some private modes or with a full quota. */
class RefusingStorage extends MemoryStorage {
  override setItem(): void {
    throw new Error('QuotaExceededError');
  }
  override removeItem(): void {
    throw new Error('QuotaExceededError');
  }
}

const useStorage = (storage: Storage | undefined) =>
  Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });

describe('the "Show link previews" setting', () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage');
    Reflect.deleteProperty(globalThis, 'window');
  });

  it('is on until the person turns it off, and is kept per person in this browser', () => {
    useStorage(new MemoryStorage());
    expect(linkPreviewsShown('ada')).toBe(true);
    showLinkPreviews('ada', false);
    expect(linkPreviewsShown('ada')).toBe(false);
    expect(linkPreviewsShown('bob')).toBe(true);
    expect(localStorage.getItem('chat.linkPreviews:ada')).toBe('off');
    // On again is the default: nothing is left stored.
    showLinkPreviews('ada', true);
    expect(linkPreviewsShown('ada')).toBe(true);
    expect(localStorage.length).toBe(0);
  });

  it('reads what an earlier visit stored', () => {
    const storage = new MemoryStorage();
    storage.setItem('chat.linkPreviews:ada', 'off');
    useStorage(storage);
    expect(linkPreviewsShown('ada')).toBe(false);
  });

  it('lasts as long as the page when storage refuses or is missing', () => {
    useStorage(new RefusingStorage());
    showLinkPreviews('ada', false);
    expect(linkPreviewsShown('ada')).toBe(false);
    showLinkPreviews('ada', true);
    expect(linkPreviewsShown('ada')).toBe(true);

    useStorage(undefined);
    expect(linkPreviewsShown('cy')).toBe(true);
    showLinkPreviews('cy', false);
    expect(linkPreviewsShown('cy')).toBe(false);
    showLinkPreviews('cy', true);
  });

  it('is on when reading storage throws (storage blocked for the site)', () => {
    Object.defineProperty(globalThis, 'localStorage', {
      get() {
        throw new Error('SecurityError');
      },
      configurable: true,
    });
    expect(linkPreviewsShown('dee')).toBe(true);
  });

  it('tells its listeners of a change here, and of one made in another tab', () => {
    useStorage(new MemoryStorage());
    const window = new EventTarget();
    Object.defineProperty(globalThis, 'window', { value: window, configurable: true });
    const heard: boolean[] = [];
    const stop = onLinkPreviewsChange(() => heard.push(linkPreviewsShown('ada')));

    showLinkPreviews('ada', false);
    expect(heard).toEqual([false]);

    // Another tab turned it on again: its write shows in this tab's storage, then the event.
    localStorage.removeItem('chat.linkPreviews:ada');
    const fromTab = (key: string | null) => Object.assign(new Event('storage'), { key });
    window.dispatchEvent(fromTab('chat.linkPreviews:ada'));
    window.dispatchEvent(fromTab('draft:ada:c1'));
    window.dispatchEvent(fromTab(null));
    expect(heard).toEqual([false, true, true]);

    stop();
    showLinkPreviews('ada', false);
    window.dispatchEvent(fromTab('chat.linkPreviews:ada'));
    expect(heard).toHaveLength(3);
  });
});
