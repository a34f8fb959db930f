import { MAX_MESSAGE_TEXT_LENGTH } from '@app/contracts';

/** From this many characters on, the box shows how many are left. */
export const SHOW_COUNT_FROM = MAX_MESSAGE_TEXT_LENGTH - 500;

export interface TextLimit {
  /** Characters as the server counts them (trimmed). */
  length: number;
  tooLong: boolean;
  /** What to show under the box; empty while far from the limit. */
  counter: string;
}

/**
 * A message's length against the limit. Text is never cut to fit (a cut message says something
 * else): past the limit it is refused, and the box says by how much.
 */
export function textLimit(text: string): TextLimit {
  const length = text.trim().length;
  const tooLong = length > MAX_MESSAGE_TEXT_LENGTH;
  const max = MAX_MESSAGE_TEXT_LENGTH.toLocaleString('en');
  const counter = tooLong
    ? `Too long: ${length.toLocaleString('en')} of ${max} characters. Shorten it to send.`
    : length >= SHOW_COUNT_FROM
      ? `${length.toLocaleString('en')} / ${max}`
      : '';
  return { length, tooLong, counter };
}
