/**
 * The manifest's data, inflated with its bounds checked first: a declared size above the cap or a
 * compression ratio no manifest comes near is refused before a byte is inflated; the shared bounded
 * inflater (protocol/transfer) stops at the declared size, and refuses a short stream or bytes after
 * it; the result must match the CRC-32 the central directory gives.
 */
import { crc32 } from '../crc32.ts';
import { isProtocolError } from '../errors.ts';
import { inflateExactly } from '../transfer/inflate.ts';
import { ProofError } from './errors.ts';
import type { ManifestRecord } from './zip-records.ts';

/** The largest manifest the signer inflates; real ones are tens of KiB, the largest known a few hundred. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Inflated bytes per compressed byte: binary XML deflates to about a fifth; deflate's own limit is 1032. */
export const MAX_MANIFEST_RATIO = 100;
const NO_DICTIONARY = new Uint8Array(0);

export function inflateManifest(data: Uint8Array, record: ManifestRecord): Uint8Array {
  const size = record.uncompressedSize;
  if (size > MAX_MANIFEST_BYTES) throw new ProofError('PROOF_TOO_LARGE', `AndroidManifest.xml declares ${size} bytes; the signer inflates at most ${MAX_MANIFEST_BYTES}`);
  let out: Uint8Array;
  if (record.method === 0) {
    if (data.length !== size) throw new ProofError('PROOF_BAD_DEFLATE', `a stored AndroidManifest.xml of ${data.length} bytes declares ${size}`);
    out = data;
  } else if (record.method === 8) {
    if (size > Math.max(1, data.length) * MAX_MANIFEST_RATIO) throw new ProofError('PROOF_TOO_LARGE', `AndroidManifest.xml declares ${size} bytes from ${data.length} compressed: more than ${MAX_MANIFEST_RATIO} to 1`);
    try {
      out = inflateExactly(data, size, NO_DICTIONARY);
    } catch (cause) {
      if (isProtocolError(cause)) throw new ProofError('PROOF_BAD_DEFLATE', `AndroidManifest.xml does not inflate to its ${size} bytes (${cause.code})`, { cause });
      throw cause;
    }
  } else {
    throw new ProofError('PROOF_BAD_ENTRY', `AndroidManifest.xml uses compression method ${record.method}`);
  }
  if (crc32(out) !== record.crc32) throw new ProofError('PROOF_BAD_DEFLATE', 'AndroidManifest.xml fails its CRC-32');
  return out;
}
