import { MAX_EMOJI_BYTES } from '@app/contracts';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/**
 * Only pictographs and the parts emoji are built of (joiners, variation selectors, skin tones,
 * regional indicators, keycaps, tags), and at least one pictograph, flag or keycap.
 */
const EMOJI_PARTS = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component})+$/u;
const EMOJI_CORE = /\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|\u20E3/u;

/** Why `value` is not one emoji (one grapheme, at most MAX_EMOJI_BYTES), or null when it is. */
export function emojiProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'emoji must be one emoji';
  if (Buffer.byteLength(value) > MAX_EMOJI_BYTES) {
    return `emoji must be at most ${MAX_EMOJI_BYTES} bytes of UTF-8`;
  }
  const count = [...graphemes.segment(value)].length;
  if (count !== 1 || !EMOJI_PARTS.test(value) || !EMOJI_CORE.test(value)) {
    return 'emoji must be exactly one emoji';
  }
  return null;
}
