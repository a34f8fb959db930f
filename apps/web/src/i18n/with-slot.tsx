import type { ReactNode } from 'react';

/** Stands for the element while the sentence is translated: no text contains it. */
const SLOT = '\u0000';

/**
 * A translated sentence with an element in it ("We sent a code to **ada@example.com**."):
 * `translate` gets a stand-in to fill in, and the element goes wherever the language put it. The
 * element is React's, so what it holds stays text (react-i18next's `Trans` does this by parsing
 * markup, which would be the sign-in screen's only use of a 12 KB parser).
 */
export function withSlot(translate: (slot: string) => string, element: ReactNode): ReactNode {
  const [before, ...after] = translate(SLOT).split(SLOT);
  return (
    <>
      {before}
      {element}
      {after.join('')}
    </>
  );
}
