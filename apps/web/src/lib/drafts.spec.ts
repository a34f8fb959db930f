import { forgetAllDrafts, loadDraft, saveDraft } from './drafts';
import { MemoryStorage } from '../testing/memory-storage';

describe('drafts', () => {
  beforeEach(() => {
    Object.defineProperty(globalThis, 'localStorage', {
      value: new MemoryStorage(),
      configurable: true,
    });
  });

  it('keeps a draft per person and chat, and drops it once empty', () => {
    saveDraft('ada', 'c1', 'half a thought');
    saveDraft('bob', 'c1', 'his own');
    expect(loadDraft('ada', 'c1')).toBe('half a thought');
    expect(loadDraft('ada', 'c2')).toBe('');
    saveDraft('ada', 'c1', '');
    expect(localStorage.getItem('draft:ada:c1')).toBeNull();
    expect(loadDraft('bob', 'c1')).toBe('his own');
  });

  it('forgets every draft on signing out, and nothing else', () => {
    saveDraft('ada', 'c1', 'x');
    saveDraft('bob', 'c2', 'y');
    localStorage.setItem('notifications-asked', 'yes');
    forgetAllDrafts();
    expect([loadDraft('ada', 'c1'), loadDraft('bob', 'c2')]).toEqual(['', '']);
    expect(localStorage.getItem('notifications-asked')).toBe('yes');
  });
});
