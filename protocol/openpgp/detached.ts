/**
 * A detached signature over a file of any size, as both sides agree on it: the online side hashes
 * the file up to its last whole 64-byte block and sends that SHA-256 midstate, the remaining tail
 * (under 64 bytes) and the file's length; the signer builds the trailer itself (version 4, type
 * 0x00 binary, its own key's algorithm, SHA-256, hashed creation time and issuer fingerprint),
 * finishes the hash and signs it. RFC 4880 section 5.2.4: a binary signature hashes the file's
 * bytes, then the trailer.
 */
import { ProtocolError } from '../errors.ts';
import { Sha256State } from './sha256-state.ts';
import type { Sha256Midstate } from './sha256-state.ts';
import type { OpenPgpPublicKey } from './public-key.ts';
import { binarySignature, signatureTrailer } from './signature.ts';
import type { UnsignedSignature } from './signature.ts';

/** What the online side sends of a file instead of the file. */
export interface FileHashState {
  readonly midstate: Sha256Midstate;
  readonly tail: Uint8Array;
  /** The file's length in bytes, as declared. */
  readonly length: number;
}

/** The hash state of a whole file given in pieces (the online side's half). */
export function fileHashState(pieces: Iterable<Uint8Array>): FileHashState {
  const hash = Sha256State.fresh();
  for (const piece of pieces) hash.update(piece);
  const { state, tail } = hash.midstate();
  return { midstate: state, tail, length: state.bytes + tail.length };
}

/**
 * The signer's half: refuses a state that does not match the declared length, then finishes the
 * hash over the tail and the trailer it built. Returns the signature to be made and its digest.
 */
export function finishDetachedHash(state: FileHashState, key: OpenPgpPublicKey, created: number): { signature: UnsignedSignature; digest: Uint8Array } {
  const { midstate, tail, length } = state;
  if (!(tail instanceof Uint8Array) || tail.length >= 64) {
    throw new ProtocolError('SCHEMA', `the tail after the last whole block is under 64 bytes, got ${tail instanceof Uint8Array ? tail.length : typeof tail}`, { fields: ['tail'] });
  }
  if (!Number.isSafeInteger(length) || length < 1) throw new ProtocolError('SCHEMA', `a file's length is a positive whole number, got ${String(length)}`, { fields: ['length'] });
  if (midstate.bytes + tail.length !== length || Math.floor(length / 64) * 64 !== midstate.bytes) {
    throw new ProtocolError('DIGEST_MISMATCH', `the hash state covers ${midstate.bytes} + ${tail.length} bytes, not the declared ${length}`, { fields: ['length'] });
  }
  const signature = binarySignature(key, created);
  const digest = Sha256State.resume(midstate).update(tail).update(signatureTrailer(signature)).digest();
  return { signature, digest };
}
