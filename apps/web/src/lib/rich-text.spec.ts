import { mentionedIds, parseMessageText, safeHref, splitLinks } from './rich-text';

const people = [
  { userId: 'ann', name: 'Ann' },
  { userId: 'ann-lee', name: 'Ann Lee' },
  { userId: 'bob', name: 'bob' },
];

describe('links in message text', () => {
  it('finds http and https links, leaving the sentence’s punctuation out', () => {
    expect(splitLinks('See https://example.com/a?b=1#c, and http://x.org/path.')).toEqual([
      { type: 'text', text: 'See ' },
      { type: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { type: 'text', text: ', and ' },
      { type: 'link', text: 'http://x.org/path', href: 'http://x.org/path' },
      { type: 'text', text: '.' },
    ]);
    expect(splitLinks('(https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      { type: 'text', text: '(' },
      {
        type: 'link',
        text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
        href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      },
      { type: 'text', text: ')' },
    ]);
  });

  it('never makes a link of another scheme, and keeps markup as plain text', () => {
    const hostile = [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '<a href="javascript:alert(1)">x</a>',
      'vbscript:msgbox',
      'xhttps://example.com',
      '<img src=x onerror=alert(1)>',
    ];
    for (const text of hostile) {
      const pieces = parseMessageText(text, people);
      expect(pieces.every((p) => p.type !== 'link')).toBe(true);
      expect(pieces.map((p) => p.text).join('')).toBe(text);
    }
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://')).toBeNull();
  });

  it('ends a link where markup-like characters start, and its href is only http(s)', () => {
    const pieces = parseMessageText('go https://example.com/"><script>x</script> now');
    const links = pieces.filter((p) => p.type === 'link');
    expect(links).toEqual([
      { type: 'link', text: 'https://example.com/', href: 'https://example.com/' },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(
      'go https://example.com/"><script>x</script> now',
    );
  });
});

describe('mentions in message text', () => {
  it('finds @Name of the people given, the longest name first', () => {
    expect(parseMessageText('hi @Ann Lee and @bob!', people)).toEqual([
      { type: 'text', text: 'hi ' },
      { type: 'mention', text: '@Ann Lee', userId: 'ann-lee' },
      { type: 'text', text: ' and ' },
      { type: 'mention', text: '@bob', userId: 'bob' },
      { type: 'text', text: '!' },
    ]);
  });

  it('does not find a name inside a longer word, an e-mail address or a link', () => {
    expect(mentionedIds('@Annabel, mail ann@Ann.com', people)).toEqual([]);
    expect(mentionedIds('https://example.com/@bob', people)).toEqual([]);
    expect(mentionedIds('@Ann: @Ann', people)).toEqual(['ann']);
  });
});
