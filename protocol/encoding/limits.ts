/**
 * Bounds on encoded values. The decoder checks them before it allocates anything; the encoder
 * checks the same ones, so it never produces bytes the other side would refuse.
 * The defaults come from protocol/limits.ts.
 */
import { LIMITS } from '../limits.ts';

export interface EncodingLimits {
  /** Largest input, in bytes. */
  readonly maxBytes: number;
  /** Deepest nesting of arrays and maps; the outermost container is depth 1. */
  readonly maxDepth: number;
  /** Most elements in one array, or entries in one map. */
  readonly maxCount: number;
  /** Longest byte or text string, in bytes. */
  readonly maxStringBytes: number;
}

export const DEFAULT_ENCODING_LIMITS: EncodingLimits = {
  maxBytes: LIMITS.maxMessageBytes,
  maxDepth: LIMITS.maxDepth,
  maxCount: LIMITS.maxItems,
  maxStringBytes: LIMITS.maxCertificateBytes,
};

/** The decoder recurses once per nesting level, so this ceiling keeps any caller's setting far from the stack limit. */
export const HARD_MAX_DEPTH = 64;
