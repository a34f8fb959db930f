import { MAX_EMOJI_BYTES } from '@app/contracts';

/** The row offered first under a message. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

/** The picker's emoji with the words its search box finds them by. */
export const EMOJI: ReadonlyArray<{ emoji: string; names: string }> = [
  { emoji: '👍', names: 'thumbs up like yes ok good' },
  { emoji: '👎', names: 'thumbs down dislike no bad' },
  { emoji: '❤️', names: 'red heart love' },
  { emoji: '😂', names: 'face with tears of joy laugh lol funny' },
  { emoji: '🤣', names: 'rolling on the floor laughing rofl' },
  { emoji: '😀', names: 'grinning face smile happy' },
  { emoji: '😊', names: 'smiling face blush happy' },
  { emoji: '😍', names: 'heart eyes love' },
  { emoji: '😘', names: 'kiss blow' },
  { emoji: '😉', names: 'wink' },
  { emoji: '😎', names: 'cool sunglasses' },
  { emoji: '🤔', names: 'thinking hmm' },
  { emoji: '😮', names: 'open mouth wow surprised' },
  { emoji: '😱', names: 'scream fear shocked' },
  { emoji: '😢', names: 'crying sad tear' },
  { emoji: '😭', names: 'sobbing loudly crying sad' },
  { emoji: '😡', names: 'angry pouting rage' },
  { emoji: '😴', names: 'sleeping tired zzz' },
  { emoji: '🙄', names: 'eye roll' },
  { emoji: '😅', names: 'sweat smile relief' },
  { emoji: '🥳', names: 'party celebrate birthday' },
  { emoji: '🤯', names: 'mind blown exploding head' },
  { emoji: '🙏', names: 'folded hands thanks please pray' },
  { emoji: '👏', names: 'clap applause bravo' },
  { emoji: '🙌', names: 'raising hands hooray celebrate' },
  { emoji: '👋', names: 'wave hello hi bye' },
  { emoji: '💪', names: 'muscle strong flex' },
  { emoji: '👀', names: 'eyes look see' },
  { emoji: '🔥', names: 'fire hot lit' },
  { emoji: '✨', names: 'sparkles shiny new' },
  { emoji: '🎉', names: 'party popper tada celebrate congratulations' },
  { emoji: '💯', names: 'hundred points perfect' },
  { emoji: '✅', names: 'check mark done yes' },
  { emoji: '❌', names: 'cross mark no wrong' },
  { emoji: '⭐', names: 'star favourite' },
  { emoji: '☕', names: 'coffee hot beverage' },
  { emoji: '🍕', names: 'pizza food' },
  { emoji: '🍺', names: 'beer drink cheers' },
  { emoji: '🚀', names: 'rocket launch ship fast' },
  { emoji: '💡', names: 'light bulb idea' },
  { emoji: '🤝', names: 'handshake deal agree' },
  { emoji: '👌', names: 'ok hand perfect' },
  { emoji: '🤷', names: 'shrug dunno whatever' },
  { emoji: '😬', names: 'grimace awkward' },
  { emoji: '🥲', names: 'smiling with tear' },
  { emoji: '💔', names: 'broken heart' },
  { emoji: '🌞', names: 'sun sunny' },
  { emoji: '🏔️', names: 'mountain snow hike' },
];

/** The picker's emoji whose words start with every word of the query. */
export function searchEmoji(query: string): string[] {
  const words = query.toLocaleLowerCase().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return EMOJI.map((e) => e.emoji);
  return EMOJI.filter(({ names }) => {
    const own = names.split(' ');
    return words.every((w) => own.some((name) => name.startsWith(w)));
  }).map((e) => e.emoji);
}

const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/**
 * Whether the text is exactly one emoji the server takes as a reaction: one grapheme (with its
 * modifiers and joiners), pictographic, at most 32 bytes in UTF-8.
 */
export function isSingleEmoji(text: string): boolean {
  if (!text || new TextEncoder().encode(text).length > MAX_EMOJI_BYTES) return false;
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)];
  return graphemes.length === 1 && PICTOGRAPHIC.test(text);
}
