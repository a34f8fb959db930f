import { canonicalUuids, findHostileInput } from './hostile-input';

const UPPER = '0193A1C2-0000-7000-8000-00000000ADA0';

describe('hostile input', () => {
  it('names the first field too deep, with NUL or with a lone surrogate', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i += 1) deep = { a: deep };
    expect(findHostileInput(deep)?.message).toMatch(/nested too deeply/);
    expect(findHostileInput({ name: 'a\u0000b' })).toEqual({
      field: 'body.name',
      message: 'body.name must not contain the NUL character',
    });
    expect(findHostileInput({ list: ['ok', 'x\ud800'] })?.field).toBe('body.list.1');
    expect(findHostileInput({ text: 'emoji 😀 and é' })).toBeUndefined();
  });

  it('lower-cases ids in id fields and route parameters, and leaves text alone', () => {
    expect(canonicalUuids({ userId: UPPER, memberIds: [UPPER], text: UPPER })).toEqual({
      userId: UPPER.toLowerCase(),
      memberIds: [UPPER.toLowerCase()],
      text: UPPER,
    });
    expect(canonicalUuids(UPPER, true)).toBe(UPPER.toLowerCase());
    expect(canonicalUuids(UPPER)).toBe(UPPER);
  });
});
