import { MAX_MESSAGE_TEXT_LENGTH } from '@app/contracts';
import { SHOW_COUNT_FROM, textLimit } from './text-limit';

describe('textLimit', () => {
  it('says nothing far from the limit', () => {
    expect(textLimit('hello')).toEqual({ length: 5, tooLong: false, counter: '' });
  });

  it('counts near the limit, as the server does (trimmed)', () => {
    const near = `  ${'a'.repeat(SHOW_COUNT_FROM)}  `;
    expect(textLimit(near)).toEqual({ length: 3500, tooLong: false, counter: '3,500 / 4,000' });
  });

  it('refuses past the limit instead of cutting, and says by how much', () => {
    const over = textLimit('a'.repeat(MAX_MESSAGE_TEXT_LENGTH + 120));
    expect(over.tooLong).toBe(true);
    expect(over.counter).toBe('Too long: 4,120 of 4,000 characters. Shorten it to send.');
    expect(textLimit('a'.repeat(MAX_MESSAGE_TEXT_LENGTH)).tooLong).toBe(false);
  });
});
