/** Properties over arbitrary valid messages of every kind: round trips, determinism, digests. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { sha256 } from '../../../protocol/hash.ts';
import {
  decodeMessage,
  encodeMessage,
  messageDigest,
  messageToTransfer,
  transferToMessage,
} from '../../../protocol/messages/index.ts';
import type { Message } from '../../../protocol/messages/index.ts';
import { certificateArb, errorArb, messageArb, requestArb, responseArb } from './arbitraries.ts';

/** The same message with every object's keys in reverse insertion order. */
function reordered<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reordered) as T;
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reordered(x)])) as T;
  }
  return v;
}

const kinds: [string, fc.Arbitrary<Message>][] = [
  ['request', requestArb],
  ['response', responseArb],
  ['certificate', certificateArb],
  ['error', errorArb],
];

describe.each(kinds)('%s messages', (_kind, arb) => {
  it('decode(encode(m)) equals m, and re-encoding gives the same bytes', () => {
    fc.assert(
      fc.property(arb, (m) => {
        const bytes = encodeMessage(m);
        const back = decodeMessage(bytes);
        expect(back).toEqual(m);
        expect(toHex(encodeMessage(back))).toBe(toHex(bytes));
      }),
      { numRuns: 150 },
    );
  });

  it('travel through a transfer unchanged', () => {
    fc.assert(
      fc.property(arb, (m) => {
        expect(transferToMessage(messageToTransfer(m))).toEqual(m);
      }),
      { numRuns: 100 },
    );
  });
});

describe('determinism and digests', () => {
  it('encoding does not depend on property order', () => {
    fc.assert(
      fc.property(messageArb, (m) => {
        expect(toHex(encodeMessage(reordered(m)))).toBe(toHex(encodeMessage(m)));
      }),
      { numRuns: 200 },
    );
  });

  it('the digest is SHA-256 of the canonical bytes, the same from the message or its bytes', () => {
    fc.assert(
      fc.property(messageArb, (m) => {
        const bytes = encodeMessage(m);
        const digest = messageDigest(m);
        expect(digest).toEqual(sha256(bytes));
        expect(messageDigest(bytes)).toEqual(digest);
      }),
      { numRuns: 100 },
    );
  });

  it('different messages get different digests', () => {
    fc.assert(
      fc.property(messageArb, messageArb, (a, b) => {
        const same = toHex(encodeMessage(a)) === toHex(encodeMessage(b));
        expect(toHex(messageDigest(a)) === toHex(messageDigest(b))).toBe(same);
      }),
      { numRuns: 100 },
    );
  });
});
