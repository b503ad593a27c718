/**
 * Reads one item's head (RFC 8949 §3): the major type and its argument. This is where the subset
 * is enforced: only the shortest form of each argument (§4.2.1), no indefinite lengths, no
 * negative integers, tags or floats, and of the simple values only false, true and null.
 */
import { ProtocolError } from '../errors.ts';
import {
  AI_1BYTE,
  AI_2BYTES,
  AI_4BYTES,
  AI_8BYTES,
  AI_INDEFINITE,
  FALSE,
  MAJOR_NEGATIVE,
  MAJOR_UINT,
  MAJOR_SIMPLE,
  MAJOR_TAG,
  NULL,
  TRUE,
} from './major.ts';

export interface Head {
  readonly major: number;
  /** The argument: the integer itself, or a length or count. */
  readonly arg: number;
  /** For major type 7, the simple value. */
  readonly simple: boolean | null;
  /** Offset just past the head. */
  readonly end: number;
}

/** 2^53 - 1 is the largest integer a JavaScript number holds exactly; its high 32 bits are 0x1fffff. */
const MAX_SAFE_HIGH = 0x1fffff;

export function readHead(input: Uint8Array, at: number): Head {
  if (at >= input.length) throw new ProtocolError('TRUNCATED', `input ends at offset ${at} where an item was expected`);
  const initial = input[at]!;
  const major = initial >> 5;
  const ai = initial & 0x1f;
  if (major === MAJOR_SIMPLE) return simpleValue(initial, ai, at);
  if (major === MAJOR_NEGATIVE) throw new ProtocolError('UNSUPPORTED', `negative integer at offset ${at}`);
  if (major === MAJOR_TAG) throw new ProtocolError('UNSUPPORTED', `tag at offset ${at}`);
  if (ai < AI_1BYTE) return { major, arg: ai, simple: null, end: at + 1 };
  if (ai === AI_INDEFINITE) {
    // Indefinite lengths are well-formed CBOR for strings, arrays and maps, but never deterministic.
    throw new ProtocolError(major === MAJOR_UINT ? 'BAD_TYPE' : 'NON_CANONICAL', `indefinite length at offset ${at}`);
  }
  if (ai > AI_8BYTES) throw new ProtocolError('BAD_TYPE', `reserved additional information ${ai} at offset ${at}`);
  const size = 1 << (ai - AI_1BYTE);
  if (at + 1 + size > input.length) throw new ProtocolError('TRUNCATED', `head at offset ${at} needs ${size} more bytes`);
  const arg = readArgument(input, at + 1, ai, at);
  const smallest = ai === AI_1BYTE ? 24 : ai === AI_2BYTES ? 0x100 : ai === AI_4BYTES ? 0x10000 : 2 ** 32;
  if (arg < smallest) throw new ProtocolError('NON_CANONICAL', `head at offset ${at} is longer than its argument ${arg} needs`);
  return { major, arg, simple: null, end: at + 1 + size };
}

function readArgument(input: Uint8Array, at: number, ai: number, headAt: number): number {
  if (ai === AI_1BYTE) return input[at]!;
  if (ai === AI_2BYTES) return (input[at]! << 8) | input[at + 1]!;
  const high = u32(input, at);
  if (ai === AI_4BYTES) return high;
  if (high > MAX_SAFE_HIGH) throw new ProtocolError('TOO_LARGE', `argument at offset ${headAt} exceeds 2^53-1`);
  return high * 2 ** 32 + u32(input, at + 4);
}

function u32(input: Uint8Array, at: number): number {
  return ((input[at]! << 24) | (input[at + 1]! << 16) | (input[at + 2]! << 8) | input[at + 3]!) >>> 0;
}

function simpleValue(initial: number, ai: number, at: number): Head {
  if (initial === FALSE) return { major: MAJOR_SIMPLE, arg: 0, simple: false, end: at + 1 };
  if (initial === TRUE) return { major: MAJOR_SIMPLE, arg: 0, simple: true, end: at + 1 };
  if (initial === NULL) return { major: MAJOR_SIMPLE, arg: 0, simple: null, end: at + 1 };
  if (ai === AI_2BYTES || ai === AI_4BYTES || ai === AI_8BYTES) throw new ProtocolError('UNSUPPORTED', `floating-point number at offset ${at}`);
  if (ai === AI_INDEFINITE) throw new ProtocolError('BAD_TYPE', `"break" outside an indefinite-length item at offset ${at}`);
  if (ai > AI_8BYTES) throw new ProtocolError('BAD_TYPE', `reserved additional information ${ai} at offset ${at}`);
  throw new ProtocolError('UNSUPPORTED', `simple value at offset ${at} (only false, true and null are used)`);
}
