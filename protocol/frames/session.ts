/** Session ids: random per transfer, so frames of two transfers shown one after the other never mix. */
import { readU32BE, utf8 } from '../bytes.ts';
import { sha256 } from '../hash.ts';

export function randomSessionId(): number {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return word[0]!;
}

/** A fixed session id for a seed (golden vectors, reproducible frame files): SHA-256("airsign session <seed>")[0..4]. */
export function sessionIdFromSeed(seed: number): number {
  return readU32BE(sha256(utf8(`airsign session ${seed}`)), 0);
}

export function isSessionId(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}
