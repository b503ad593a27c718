/** Bounded building blocks for the message schemas: every byte, string and number has a limit. */
import { z } from 'zod';

/** Bytes with a length in [min, max]. */
export function bytes(min: number, max: number) {
  return z
    .instanceof(Uint8Array)
    .refine((b) => b.length >= min && b.length <= max, { message: `expected ${min === max ? min : `${min} to ${max}`} bytes` });
}

export const sha256Bytes = bytes(32, 32);

/** A non-negative integer no larger than max. */
export function uint(max: number = Number.MAX_SAFE_INTEGER) {
  return z.number().int().min(0).max(max);
}

/** Printable text: no control characters (they could rewrite what the operator sees). */
export function text(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .refine((s) => !/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(s), { message: 'control or bidi characters are not allowed' });
}

/** A Java/Android package name, as aapt accepts them. */
export const packageName = z
  .string()
  .max(255)
  .regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/, { message: 'not an Android package name' });

/** Unix time in seconds. */
export const unixSeconds = uint(2 ** 40);
