import { thumbnailBox } from './thumbnail-box';

describe('thumbnailBox', () => {
  it('keeps a wide picture 320 px wide with its ratio', () => {
    expect(thumbnailBox(1600, 900)).toEqual({ width: 320, aspectRatio: '1600 / 900' });
  });

  it('makes a tall picture 256 px high', () => {
    // 256 * 1000 / 2000 = 128 px wide.
    expect(thumbnailBox(1000, 2000)).toEqual({ width: 128, aspectRatio: '1000 / 2000' });
  });

  it('never enlarges a small picture', () => {
    expect(thumbnailBox(100, 80)).toEqual({ width: 100, aspectRatio: '100 / 80' });
  });

  it('has no box when the dimensions are unknown', () => {
    expect(thumbnailBox(0, 0)).toBeNull();
    expect(thumbnailBox(Number.NaN, 10)).toBeNull();
  });
});
