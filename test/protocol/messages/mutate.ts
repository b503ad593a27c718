/**
 * Mutations for the fuzz run: bit flips, byte edits, insertions, deletions, splices with other
 * inputs, truncations, and edits of declared lengths, with a small seeded PRNG so any failure
 * is reproducible from its seed and case number.
 */
import { seededRandom } from '../../support/seeded-random.ts';
import type { Random } from '../../support/seeded-random.ts';

export { seededRandom };
export type { Random };

const int = (rnd: Random, n: number) => Math.floor(rnd() * n);

/** Bytes that mean something to the decoder: head boundaries, indefinite lengths, floats, tags, simple values. */
const INTERESTING = [0x00, 0x01, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x20, 0x40, 0x58, 0x5b, 0x5f, 0x60, 0x78, 0x7b, 0x7f, 0x80, 0x98, 0x9b, 0x9f, 0xa0, 0xb8, 0xbb, 0xbf, 0xc0, 0xd9, 0xf4, 0xf5, 0xf6, 0xf7, 0xf9, 0xfa, 0xfb, 0xff];

const INTERESTING_U32 = [0, 1, 0x7f, 0xff, 0x100, 0xffff, 0x10000, 0x3fffff, 0x400000, 0x400001, 0x7fffffff, 0xffffffff];

function byteValue(rnd: Random): number {
  return rnd() < 0.5 ? INTERESTING[int(rnd, INTERESTING.length)]! : int(rnd, 256);
}

function splice(a: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length - remove + insert.length);
  out.set(a.subarray(0, at), 0);
  out.set(insert, at);
  out.set(a.subarray(at + remove), at + insert.length);
  return out;
}

function randomBytes(rnd: Random, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => byteValue(rnd));
}

/** A head with an absurd or off-by-one argument, of the given major type. */
function absurdHead(rnd: Random, major: number): Uint8Array {
  const top = major << 5;
  const v = INTERESTING_U32[int(rnd, INTERESTING_U32.length)]!;
  switch (int(rnd, 3)) {
    case 0:
      return Uint8Array.of(top | 26, v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    case 1:
      return Uint8Array.of(top | 27, 0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    default:
      return Uint8Array.of(top | 25, int(rnd, 256), int(rnd, 256));
  }
}

export type Mutator = (input: Uint8Array, rnd: Random, others: readonly Uint8Array[]) => Uint8Array;

const MUTATORS: Mutator[] = [
  // Bit flips.
  (a, rnd) => {
    const out = a.slice();
    for (let i = 1 + int(rnd, 4); i > 0 && out.length > 0; i--) out[int(rnd, out.length)]! ^= 1 << int(rnd, 8);
    return out;
  },
  // Byte overwrite.
  (a, rnd) => {
    const out = a.slice();
    if (out.length > 0) out[int(rnd, out.length)] = byteValue(rnd);
    return out;
  },
  // Insertion.
  (a, rnd) => splice(a, int(rnd, a.length + 1), 0, randomBytes(rnd, 1 + int(rnd, 8))),
  // Deletion.
  (a, rnd) => {
    const at = int(rnd, a.length + 1);
    return splice(a, at, Math.min(1 + int(rnd, 8), a.length - at), new Uint8Array(0));
  },
  // Splice: a range of this input replaced by a range of another.
  (a, rnd, others) => {
    const b = others[int(rnd, others.length)]!;
    const from = int(rnd, b.length + 1);
    const piece = b.subarray(from, from + int(rnd, 64));
    const at = int(rnd, a.length + 1);
    return splice(a, at, Math.min(int(rnd, 64), a.length - at), piece);
  },
  // Duplicate a chunk of this input elsewhere in it.
  (a, rnd) => {
    const from = int(rnd, a.length + 1);
    return splice(a, int(rnd, a.length + 1), 0, a.slice(from, from + 1 + int(rnd, 32)));
  },
  // Truncation.
  (a, rnd) => a.slice(0, int(rnd, a.length + 1)),
  // Length-field edit: a head somewhere replaced by one of the same major type with an absurd argument.
  (a, rnd) => {
    if (a.length === 0) return a;
    const at = int(rnd, a.length);
    const major = a[at]! >> 5;
    const headLength = [1, 1, 1, 1, 2, 3, 5, 9][Math.max(0, (a[at]! & 0x1f) - 20)] ?? 1;
    return splice(a, at, Math.min(headLength, a.length - at), absurdHead(rnd, major));
  },
  // Transfer length-field edit: the declared message length (bytes 5 to 8) set to an interesting value.
  (a, rnd) => {
    const out = a.slice();
    if (out.length >= 9) {
      const v = rnd() < 0.5 ? INTERESTING_U32[int(rnd, INTERESTING_U32.length)]! : (((out[5]! << 24) | (out[6]! << 16) | (out[7]! << 8) | out[8]!) >>> 0) + int(rnd, 5) - 2;
      out[5] = v >>> 24;
      out[6] = (v >>> 16) & 0xff;
      out[7] = (v >>> 8) & 0xff;
      out[8] = v & 0xff;
    }
    return out;
  },
];

/** One to three random mutations of `input`. */
export function mutate(input: Uint8Array, rnd: Random, others: readonly Uint8Array[]): Uint8Array {
  let out = input;
  for (let n = 1 + int(rnd, 3); n > 0; n--) out = MUTATORS[int(rnd, MUTATORS.length)]!(out, rnd, others);
  return out;
}
