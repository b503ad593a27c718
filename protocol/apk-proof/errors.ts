/**
 * Why a manifest proof is refused. The signer refuses the item with PROOF_INVALID (or
 * PROOF_CLAIMS_DISAGREE) and puts the code first in the detail, so the operator and the audit log
 * see which check failed.
 */
import { CodedError } from '../coded-error.ts';

export type ProofErrorCode =
  /** A field out of its bounds, or parts that do not fit together (offsets, lengths, chunk counts). */
  | 'PROOF_MALFORMED'
  /** The proof asks for a digest algorithm it cannot recompute (SHA-512 content digests). */
  | 'PROOF_UNSUPPORTED'
  /** The content digest recomputed from the proof is not the one the item asks to have signed. */
  | 'PROOF_DIGEST_MISMATCH'
  /** The central directory or end record does not place AndroidManifest.xml where the proof holds it. */
  | 'PROOF_NOT_THE_MANIFEST'
  /** The entry's local header disagrees with its central directory record, or is not one. */
  | 'PROOF_BAD_ENTRY'
  /** The entry does not inflate, inflates to another size, or fails its CRC-32. */
  | 'PROOF_BAD_DEFLATE'
  /** The entry declares more than the signer inflates (size cap or compression ratio). */
  | 'PROOF_TOO_LARGE'
  /** The inflated manifest is not binary XML the signer can read, or its fields are out of range. */
  | 'PROOF_BAD_MANIFEST'
  /** The manifest says another package, version code or version name than the item claims. */
  | 'PROOF_CLAIMS_DISAGREE';

export class ProofError extends CodedError<ProofErrorCode> {
  override readonly name = 'ProofError';
}

export function isProofError(e: unknown, code?: ProofErrorCode): e is ProofError {
  return e instanceof ProofError && (code === undefined || e.code === code);
}

export function malformed(message: string): never {
  throw new ProofError('PROOF_MALFORMED', message);
}
