import { insertMention, mentionCandidates, mentionQueryAt } from './mention-input';

describe('typing a mention in the composer', () => {
  it('reads the @query at the caret, only after a space or at the start', () => {
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('hi @an', 6)).toEqual({ start: 3, query: 'an' });
    expect(mentionQueryAt('hi @Ada Lo', 10)).toEqual({ start: 3, query: 'Ada Lo' });
    expect(mentionQueryAt('mail me@home', 12)).toBeNull();
    expect(mentionQueryAt('@Ada Lovelace is here', 21)).toBeNull();
    expect(mentionQueryAt('@ada\nnext', 9)).toBeNull();
    expect(mentionQueryAt('no at sign', 10)).toBeNull();
  });

  it('offers members whose name or a word of it starts with the query', () => {
    const people = [
      { userId: '1', name: 'Ada Lovelace' },
      { userId: '2', name: 'Bob' },
      { userId: '3', name: 'Lola' },
    ];
    expect(mentionCandidates(people, 'lo').map((p) => p.name)).toEqual(['Lola', 'Ada Lovelace']);
    expect(mentionCandidates(people, '').map((p) => p.name)).toEqual([
      'Ada Lovelace',
      'Bob',
      'Lola',
    ]);
    expect(mentionCandidates(people, 'x')).toEqual([]);
  });

  it('also finds people by the start of their handle, after the name matches', () => {
    const people = [
      { userId: '1', name: 'Ada', handle: 'countess' },
      { userId: '2', name: 'Cora', handle: 'ada_l' },
      { userId: '3', name: 'Bob', handle: 'bob' },
    ];
    expect(mentionCandidates(people, 'co').map((p) => p.userId)).toEqual(['2', '1']);
    expect(mentionCandidates(people, 'ada').map((p) => p.userId)).toEqual(['1', '2']);
  });

  it('replaces the query with @Name and a space, and puts the caret after it', () => {
    const query = { start: 3, query: 'ad' };
    expect(insertMention('hi @ad', query, 6, 'Ada Lovelace')).toEqual({
      text: 'hi @Ada Lovelace ',
      caret: 17,
    });
    expect(insertMention('hi @ad see you', { start: 3, query: 'ad' }, 6, 'Ada')).toEqual({
      text: 'hi @Ada see you',
      caret: 8,
    });
  });
});
