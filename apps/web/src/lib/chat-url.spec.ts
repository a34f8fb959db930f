import { chatIdFromHash, hashFor } from './chat-url';

const ID = '0193a1c2-0000-7000-8000-00000000c4a7';

describe('chat addresses', () => {
  it('reads the chat of an address it wrote, and nothing from anything else', () => {
    expect(chatIdFromHash(hashFor(ID))).toBe(ID);
    expect(chatIdFromHash('')).toBeNull();
    expect(chatIdFromHash('#/chat/not-an-id')).toBeNull();
    expect(chatIdFromHash(`#/chat/${ID}/extra`)).toBeNull();
  });

  it('has no hash for the chat list', () => {
    expect(hashFor(null)).toBe('');
  });
});
