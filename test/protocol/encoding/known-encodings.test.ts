/** Encodings from RFC 8949 Appendix A (the part in our subset), and the canonical key order of §4.2.1. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../../../protocol/bytes.ts';
import { decodeCanonical, encodeCanonical } from '../../../protocol/encoding/index.ts';
import type { CborValue } from '../../../protocol/encoding/index.ts';

const RFC_EXAMPLES: [CborValue, string][] = [
  [0, '00'],
  [1, '01'],
  [10, '0a'],
  [23, '17'],
  [24, '1818'],
  [25, '1819'],
  [100, '1864'],
  [1000, '1903e8'],
  [1000000, '1a000f4240'],
  [1000000000000, '1b000000e8d4a51000'],
  [Number.MAX_SAFE_INTEGER, '1b001fffffffffffff'],
  [false, 'f4'],
  [true, 'f5'],
  [null, 'f6'],
  [new Uint8Array(0), '40'],
  [Uint8Array.of(1, 2, 3, 4), '4401020304'],
  ['', '60'],
  ['a', '6161'],
  ['IETF', '6449455446'],
  ['"\\', '62225c'],
  ['\u00fc', '62c3bc'],
  ['\u6c34', '63e6b0b4'],
  ['\ud800\udd51', '64f0908591'],
  [[], '80'],
  [[1, 2, 3], '83010203'],
  [[1, [2, 3], [4, 5]], '8301820203820405'],
  [Array.from({ length: 25 }, (_, i) => i + 1), '98190102030405060708090a0b0c0d0e0f101112131415161718181819'],
  [{}, 'a0'],
  [{ a: 1, b: [2, 3] }, 'a26161016162820203'],
  [['a', { b: 'c' }], '826161a161626163'],
  [{ a: 'A', b: 'B', c: 'C', d: 'D', e: 'E' }, 'a56161614161626142616361436164614461656145'],
];

describe('known encodings', () => {
  it.each(RFC_EXAMPLES)('%j encodes as %s and decodes back', (value, hex) => {
    expect(toHex(encodeCanonical(value))).toBe(hex);
    expect(decodeCanonical(fromHex(hex))).toEqual(value);
  });

  it('sorts keys by their encoded bytes: shorter keys first, then bytewise', () => {
    const encoded = encodeCanonical({ bb: 1, a: 2, ab: 3, b: 4, é: 5, z: 6 });
    // "a" "b" "z" (one byte), then "ab" "bb" "é" (two bytes: c3 a9 sorts after 62 62).
    expect(toHex(encoded)).toBe('a6' + '616102' + '616204' + '617a06' + '62616203' + '62626201' + '62c3a905');
  });

  it('gives the same bytes whatever order the properties were created in', () => {
    const a = encodeCanonical({ x: 1, y: { p: utf8('p'), q: [true] } });
    const b = encodeCanonical({ y: { q: [true], p: utf8('p') }, x: 1 });
    expect(toHex(a)).toBe(toHex(b));
  });

  it('leaves out properties whose value is undefined', () => {
    expect(toHex(encodeCanonical({ a: 1, b: undefined }))).toBe(toHex(encodeCanonical({ a: 1 })));
  });

  it('keeps a key named __proto__ as a plain property', () => {
    const bytes = fromHex('a1695f5f70726f746f5f5f01');
    const value = decodeCanonical(bytes) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(toHex(encodeCanonical(value))).toBe('a1695f5f70726f746f5f5f01');
  });
});
