/**
 * Percent-encoding of any JS string, lone surrogates included: encodeURIComponent throws on
 * those, so they are written as their WTF-8 bytes (`\ud800` → `%ED%A0%80`), which is what a
 * careless client puts on the wire and what the server's decoder must survive.
 */
export function percentEncode(text: string): string {
  try {
    // The fast path for well-formed text; it throws on a lone surrogate.
    return encodeURIComponent(text);
  } catch {
    return wtf8PercentEncode(text);
  }
}

function wtf8PercentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    let codePoint = unit;
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      codePoint = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
      i += 1;
    }
    if (codePoint < 0x80 && /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(codePoint))) {
      out += String.fromCharCode(codePoint);
      continue;
    }
    out += utf8Bytes(codePoint)
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join('');
  }
  return out;
}

function utf8Bytes(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

/** Broken percent-encodings, sent verbatim: truncated sequences, bad hex, overlong forms. */
export const MALFORMED_PERCENT = [
  '%E0%A4%A',
  '%',
  '%%',
  '%zz',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '%u0041',
  '%00',
  'a%2',
];

/** A header value Node will send: latin-1 without control characters (others are dropped). */
export function headerSafe(text: string): string {
  return Array.from(text)
    .map((ch) => {
      const code = ch.charCodeAt(0);
      return ch.length === 1 && (code === 9 || (code >= 0x20 && code !== 0x7f && code <= 0xff))
        ? ch
        : percentEncode(ch);
    })
    .join('');
}
