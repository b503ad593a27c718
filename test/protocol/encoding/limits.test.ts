/** Declared sizes, counts and depth are checked before anything is allocated; the encoder keeps the same bounds. */
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex } from '../../../protocol/bytes.ts';
import { DEFAULT_ENCODING_LIMITS, decodeCanonical, encodeCanonical } from '../../../protocol/encoding/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import type { ProtocolErrorCode } from '../../../protocol/errors.ts';

function refusal(f: () => unknown): ProtocolErrorCode {
  try {
    f();
  } catch (e) {
    if (e instanceof ProtocolError) return e.code;
    throw e;
  }
  throw new Error('expected a ProtocolError, but nothing was thrown');
}

const repeat = (hex: string, n: number) => fromHex(hex.repeat(n));

describe('decoder limits', () => {
  it.each<[string, string, ProtocolErrorCode]>([
    ['byte string of 2^53-1 bytes', '5b001fffffffffffff', 'TOO_LARGE'],
    ['byte string of 2^32-1 bytes', '5affffffff', 'TOO_LARGE'],
    ['text of 2^32-1 bytes', '7affffffff', 'TOO_LARGE'],
    ['byte string longer than the input, within the cap', '5901ff00', 'TRUNCATED'],
    ['array of 2^53-1 elements', '9b001fffffffffffff', 'TOO_LARGE'],
    ['array of 2^32-1 elements', '9affffffff', 'TOO_LARGE'],
    ['map of 2^32-1 entries', 'baffffffff', 'TOO_LARGE'],
    ['array of 1000 elements with 2 bytes left', '9903e80000', 'TRUNCATED'],
    ['map of 1000 entries with 3 bytes left', 'b903e8616100', 'TRUNCATED'],
  ])('%s (%s) -> %s', (_name, hex, code) => {
    expect(refusal(() => decodeCanonical(fromHex(hex)))).toBe(code);
  });

  it('refuses input larger than maxBytes before reading it', () => {
    const big = new Uint8Array(DEFAULT_ENCODING_LIMITS.maxBytes + 1);
    expect(refusal(() => decodeCanonical(big))).toBe('TOO_LARGE');
  });

  it('refuses 10^5 nested arrays, maps and indefinite arrays without deep recursion', () => {
    expect(refusal(() => decodeCanonical(concatBytes(repeat('81', 100_000), fromHex('00'))))).toBe('TOO_DEEP');
    expect(refusal(() => decodeCanonical(concatBytes(repeat('a16161', 100_000), fromHex('00'))))).toBe('TOO_DEEP');
    expect(refusal(() => decodeCanonical(repeat('9f', 100_000)))).toBe('NON_CANONICAL');
  });

  it('accepts nesting up to maxDepth and refuses one more', () => {
    const depth = DEFAULT_ENCODING_LIMITS.maxDepth;
    expect(decodeCanonical(concatBytes(repeat('81', depth), fromHex('00')))).toBeDefined();
    expect(refusal(() => decodeCanonical(concatBytes(repeat('81', depth + 1), fromHex('00'))))).toBe('TOO_DEEP');
  });

  it('honours caller limits', () => {
    const limits = { ...DEFAULT_ENCODING_LIMITS, maxCount: 2, maxStringBytes: 3 };
    expect(decodeCanonical(fromHex('8243414141410a'), limits)).toBeDefined();
    expect(refusal(() => decodeCanonical(fromHex('83010203'), limits))).toBe('TOO_LARGE');
    expect(refusal(() => decodeCanonical(fromHex('4401020304'), limits))).toBe('TOO_LARGE');
  });
});

describe('encoder refusals', () => {
  it.each<[string, unknown, ProtocolErrorCode]>([
    ['negative integer', -1, 'BAD_ARGUMENT'],
    ['fraction', 1.5, 'BAD_ARGUMENT'],
    ['NaN', Number.NaN, 'BAD_ARGUMENT'],
    ['integer above 2^53-1', 2 ** 53, 'BAD_ARGUMENT'],
    ['bigint', 1n, 'BAD_ARGUMENT'],
    ['undefined at top level', undefined, 'BAD_ARGUMENT'],
    ['undefined in an array', [1, undefined], 'BAD_ARGUMENT'],
    ['Date', new Date(0), 'BAD_ARGUMENT'],
    ['Map', new Map(), 'BAD_ARGUMENT'],
    ['function', () => 1, 'BAD_ARGUMENT'],
    ['lone surrogate in text', 'a\ud800', 'BAD_ARGUMENT'],
    ['lone surrogate in a key', { '\udc00': 1 }, 'BAD_ARGUMENT'],
    ['string over maxStringBytes', new Uint8Array(DEFAULT_ENCODING_LIMITS.maxStringBytes + 1), 'TOO_LARGE'],
    ['array over maxCount', new Array(DEFAULT_ENCODING_LIMITS.maxCount + 1).fill(0), 'TOO_LARGE'],
    ['nesting over maxDepth', JSON.parse('['.repeat(DEFAULT_ENCODING_LIMITS.maxDepth + 1) + ']'.repeat(DEFAULT_ENCODING_LIMITS.maxDepth + 1)), 'TOO_DEEP'],
  ])('%s -> %s', (_name, value, code) => {
    expect(refusal(() => encodeCanonical(value))).toBe(code);
  });

  it('refuses a cycle instead of looping', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(refusal(() => encodeCanonical(a))).toBe('TOO_DEEP');
  });

  it('names the failing path', () => {
    try {
      encodeCanonical({ items: [{ n: 1 }, { n: -1 }] });
      expect.unreachable();
    } catch (e) {
      expect((e as ProtocolError).fields).toEqual(['items.1.n']);
    }
  });
});
