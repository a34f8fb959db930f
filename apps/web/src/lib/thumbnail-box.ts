/** The largest a thumbnail shows in a message: its longest side is 320 px, and 256 px tall at most. */
export const THUMBNAIL_MAX_WIDTH = 320;
export const THUMBNAIL_MAX_HEIGHT = 256;

export interface ThumbnailBox {
  /** CSS pixels; the bubble may still narrow it (max-width: 100%), the ratio holds. */
  width: number;
  /** For CSS `aspect-ratio`, "width / height". */
  aspectRatio: string;
}

/**
 * The box a picture takes in the conversation, known before it loads: from the image's own
 * dimensions (the server sends them), so nothing below it moves when the thumbnail arrives and
 * a chat opened at its newest message stays there. Null when the dimensions are unknown.
 */
export function thumbnailBox(width: number, height: number): ThumbnailBox | null {
  if (!(width > 0 && height > 0)) return null;
  const shown = Math.min(width, THUMBNAIL_MAX_WIDTH, (THUMBNAIL_MAX_HEIGHT * width) / height);
  return { width: Math.max(1, Math.round(shown)), aspectRatio: `${width} / ${height}` };
}
