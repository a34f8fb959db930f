import { searchWords } from './search-words';

describe('searchWords', () => {
  it('splits at anything but letters, marks and digits, keeping the case', () => {
    expect(searchWords('  Hello, wor')).toEqual(['Hello', 'wor']);
    expect(searchWords("don't stop_now")).toEqual(['don', 't', 'stop', 'now']);
    expect(searchWords('naïve café 2024')).toEqual(['naïve', 'café', '2024']);
  });

  it('keeps e-mail addresses, host names, numbers and hyphenated words whole', () => {
    expect(searchWords('ada@example.com 3.14 well-known a/b')).toEqual([
      'ada@example.com',
      '3.14',
      'well-known',
      'a/b',
    ]);
    // Joiners at a word's ends join nothing.
    expect(searchWords('-foo. .bar@ zebra.*')).toEqual(['foo', 'bar', 'zebra']);
  });

  it('passes on no query syntax, and finds no words in punctuation alone', () => {
    expect(searchWords('a:* | !b & (c')).toEqual(['a', 'b', 'c']);
    expect(searchWords("\"quoted\" -negated 'it's' back\\slash")).toEqual([
      'quoted',
      'negated',
      'it',
      's',
      'back',
      'slash',
    ]);
    for (const nothing of ['\\', '*', '.*', '...', '-', '@/', '€ ✓', '\u0301']) {
      expect(searchWords(nothing)).toEqual([]);
    }
  });
});
