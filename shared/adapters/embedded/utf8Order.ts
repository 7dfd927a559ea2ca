/**
 * Compares two strings by their UTF-8 bytes, the order DynamoDB keeps sort keys in, without
 * encoding them. UTF-16 code units order like code points except that surrogates (U+D800–U+DFFF,
 * the halves of code points above U+FFFF) sort below U+E000–U+FFFF, where UTF-8 puts them above:
 * where both units are at or above U+D800 they are moved into code-point order (ICU's fix-up).
 * UTF-8 orders as code points do. A lone surrogate (not valid UTF-8) orders as its code unit.
 */
export const utf8Order = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length);
  for (let at = 0; at < length; at++) {
    let x = a.charCodeAt(at);
    let y = b.charCodeAt(at);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
};
