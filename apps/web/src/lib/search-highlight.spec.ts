import { highlightHits } from './search-highlight';

describe('highlighting search hits', () => {
  it('marks every word of the query, whatever its case, as plain text pieces', () => {
    expect(highlightHits('Hike on Saturday? The hike is long', 'hike saturday')).toEqual([
      { text: 'Hike', hit: true },
      { text: ' on ', hit: false },
      { text: 'Saturday', hit: true },
      { text: '? The ', hit: false },
      { text: 'hike', hit: true },
      { text: ' is long', hit: false },
    ]);
  });

  it('cuts a long text around the first hit', () => {
    const text = `${'a '.repeat(100)}needle${' b'.repeat(100)}`;
    const pieces = highlightHits(text, 'needle', 60);
    expect(pieces.find((p) => p.hit)?.text).toBe('needle');
    expect(pieces[0].text.startsWith('…')).toBe(true);
    expect(pieces.at(-1)?.text.endsWith('…')).toBe(true);
  });

  it('treats the query as text, not as a pattern', () => {
    expect(highlightHits('a.b (c) a+b', 'a+b (c)')).toEqual([
      { text: 'a.b ', hit: false },
      { text: '(c)', hit: true },
      { text: ' ', hit: false },
      { text: 'a+b', hit: true },
    ]);
  });
});
