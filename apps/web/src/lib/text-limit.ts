import { MAX_MESSAGE_TEXT_LENGTH } from '@app/contracts';
import { chatText } from '../i18n/chat';

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
 * else): past the limit it is refused, and the box says by how much, in the language shown.
 */
export function textLimit(text: string): TextLimit {
  const length = text.trim().length;
  const tooLong = length > MAX_MESSAGE_TEXT_LENGTH;
  const numbers = { length, max: MAX_MESSAGE_TEXT_LENGTH };
  const counter = tooLong
    ? chatText('composer.tooLong', numbers)
    : length >= SHOW_COUNT_FROM
      ? chatText('composer.count', numbers)
      : '';
  return { length, tooLong, counter };
}
