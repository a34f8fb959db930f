import { DOWNSCALE_FROM_BYTES, MAX_SIDE, plannedSize } from './downscale';

const photo = { width: 4032, height: 3024, bytes: 2_700_000, type: 'image/jpeg' };

describe('plannedSize: how a picture is sent', () => {
  it('brings a large photo down to the longest side, keeping its shape', () => {
    expect(plannedSize(photo)).toEqual({ width: MAX_SIDE, height: 1536, type: 'image/jpeg' });
    expect(plannedSize({ ...photo, width: 3024, height: 4032 })).toEqual({
      width: 1536,
      height: MAX_SIDE,
      type: 'image/jpeg',
    });
  });

  it('re-encodes a large PNG as WebP (smaller, and it keeps transparency)', () => {
    expect(plannedSize({ ...photo, type: 'image/png' })?.type).toBe('image/webp');
  });

  it('re-encodes a heavy picture that is already small in pixels, at its own size', () => {
    expect(plannedSize({ ...photo, width: 1200, height: 900 })).toEqual({
      width: 1200,
      height: 900,
      type: 'image/jpeg',
    });
  });

  it('sends small files and GIFs as they are', () => {
    expect(plannedSize({ ...photo, bytes: DOWNSCALE_FROM_BYTES - 1 })).toBeNull();
    expect(plannedSize({ ...photo, type: 'image/gif' })).toBeNull();
  });
});
