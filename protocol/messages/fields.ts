/** Bounded building blocks for the message schemas: every byte, string and number has a limit. */
import { z } from 'zod';
import { isWellFormedText } from '../encoding/text.ts';

/**
 * Any Uint8Array. Typed as plain `Uint8Array` (any backing buffer) rather than what
 * `z.instanceof` infers, `Uint8Array<ArrayBuffer>`, which most byte-producing code does not return.
 */
const uint8Array = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected bytes' });

/** Bytes with a length in [min, max]. */
export function bytes(min: number, max: number) {
  return uint8Array
    .refine((b) => b.length >= min && b.length <= max, { message: `expected ${min === max ? min : `${min} to ${max}`} bytes` });
}

export const sha256Bytes = bytes(32, 32);

/** A non-negative integer no larger than max. */
export function uint(max: number = Number.MAX_SAFE_INTEGER) {
  return z.number().int().min(0).max(max);
}

/**
 * Control, bidi, invisible and line-breaking characters: any of them could rewrite what the
 * operator sees (a hidden suffix, text shown right to left, a fake second line).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HIDDEN_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;

/** Printable text. Also well-formed UTF-16 (no lone surrogate), since it must survive UTF-8 unchanged. */
export function text(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !HIDDEN_OR_CONTROL.test(s), { message: 'control, bidi or invisible characters are not allowed' })
    .refine(isWellFormedText, { message: 'text has a lone surrogate' });
}

/** A Java/Android package name, as aapt accepts them. */
export const packageName = z
  .string()
  .max(255)
  .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/, { message: 'not an Android package name' });

/** Unix time in seconds. */
export const unixSeconds = uint(2 ** 40);
