import { AVATAR_COLOURS, avatarColour } from './avatar-colour';

describe('avatarColour', () => {
  it('is the same for the same id, whatever the name shown', () => {
    const id = '018f2c1e-7a4b-7c3d-9e8f-0a1b2c3d4e5f';
    expect(avatarColour(id)).toBe(avatarColour(id));
    expect(AVATAR_COLOURS).toContain(avatarColour(id));
  });

  it('takes its colour from the id, so people of the same name mostly differ', () => {
    // Ids as the server makes them, differing only at the end: all colours are used.
    const ids = Array.from({ length: 40 }, (_, i) => `018f2c1e-7a4b-7c3d-9e8f-0a1b2c3d4e${i + 10}`);
    expect(new Set(ids.map(avatarColour)).size).toBe(AVATAR_COLOURS.length);
  });

  it('does not follow the name: ids whose old name-sum colours were equal can differ', () => {
    // 'ab' and 'ba' have the same character sum, which was all the old colour looked at.
    const sumsAlike = ['ab', 'ba', 'ac', 'ca', 'bc', 'cb'];
    expect(new Set(sumsAlike.map(avatarColour)).size).toBeGreaterThan(1);
  });
});
