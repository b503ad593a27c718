export { encodeCanonical } from './encode.ts';
export type { CborValue } from './encode.ts';
export { decodeCanonical } from './decode.ts';
export { DEFAULT_ENCODING_LIMITS } from './limits.ts';
export type { EncodingLimits } from './limits.ts';
