/**
 * The CBOR major types and simple values of the subset we use (RFC 8949 §3.1). Everything else
 * (negative integers, tags, floats, undefined, other simple values) is refused by the decoder.
 */
export const MAJOR_UINT = 0;
export const MAJOR_NEGATIVE = 1;
export const MAJOR_BYTES = 2;
export const MAJOR_TEXT = 3;
export const MAJOR_ARRAY = 4;
export const MAJOR_MAP = 5;
export const MAJOR_TAG = 6;
export const MAJOR_SIMPLE = 7;

/** Initial bytes of the three simple values we allow. */
export const FALSE = 0xf4;
export const TRUE = 0xf5;
export const NULL = 0xf6;

/** Additional-information values: 24..27 say the argument follows in 1, 2, 4 or 8 bytes; 31 is indefinite length. */
export const AI_1BYTE = 24;
export const AI_2BYTES = 25;
export const AI_4BYTES = 26;
export const AI_8BYTES = 27;
export const AI_INDEFINITE = 31;
