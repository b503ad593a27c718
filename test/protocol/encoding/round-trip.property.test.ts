/** Property: any value in the subset encodes, decodes to an equal value, and re-encodes to the same bytes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCanonical, encodeCanonical } from '../../../protocol/encoding/index.ts';
import type { CborValue } from '../../../protocol/encoding/index.ts';

const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

const { value } = fc.letrec<{ value: CborValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.nat(30), fc.nat(), fc.maxSafeNat()),
    fc.boolean(),
    fc.constant(null),
    fc.string({ unit: 'binary' }).filter(wellFormed),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }).filter(wellFormed), tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
}));

/** Reorders every object's keys, to check the encoding does not depend on insertion order. */
function reversedKeys(v: CborValue): CborValue {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, CborValue> = {};
    for (const k of Object.keys(v).reverse()) Object.defineProperty(out, k, { value: reversedKeys((v as Record<string, CborValue>)[k]!), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

describe('canonical encoding round trip', () => {
  it('decode(encode(v)) equals v, and encode(decode(bytes)) gives the bytes back', () => {
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encodeCanonical(v);
        const back = decodeCanonical(bytes);
        expect(back).toEqual(v);
        expect(encodeCanonical(back)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it('is deterministic: key insertion order does not change the bytes', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(encodeCanonical(reversedKeys(v))).toEqual(encodeCanonical(v));
      }),
      { numRuns: 500 },
    );
  });
});
