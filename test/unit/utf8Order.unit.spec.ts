import { describe, expect, it } from 'vitest';
import { utf8Order } from '#adapters/embedded/utf8Order';

const encoder = new TextEncoder();
const bytesOrder = (a: string, b: string) => Math.sign(Buffer.compare(encoder.encode(a), encoder.encode(b)));

// Characters from each range where UTF-16 and UTF-8 orders could part: ASCII, two- and three-byte
// ones, just below and above the surrogates, the private-use area, and astral code points.
const ALPHABET = ['a', 'z', '~', 'é', 'ÿ', 'Ā', '中', '\ud7ff', '\ue000', '\uffee', '\uffff', '😀', '𐀀', '\u{10ffff}'];

const randomString = (random: () => number): string =>
  Array.from({ length: Math.floor(random() * 5) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');

/** A small deterministic generator, so a failure names a case that can be run again. */
const seeded = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

describe('utf8Order', () => {
  it('orders astral characters after the private-use area, as their UTF-8 bytes do', () => {
    expect(utf8Order('😀', '\uffee')).toBeGreaterThan(0);
    expect('😀' < '\uffee').toBe(true); // what plain string comparison gets wrong
    expect(utf8Order('a', 'ab')).toBeLessThan(0);
    expect(utf8Order('same', 'same')).toBe(0);
  });

  it('agrees with comparing the UTF-8 bytes on 20,000 random pairs', () => {
    const random = seeded(7);
    for (let round = 0; round < 20_000; round++) {
      const a = randomString(random);
      const b = randomString(random);
      expect([a, b, Math.sign(utf8Order(a, b))]).toEqual([a, b, bytesOrder(a, b)]);
    }
  });
});
