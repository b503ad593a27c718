/**
 * SHA-256 for the offline side's own bookkeeping (audit records, digests of what was signed).
 * node:crypto here, not protocol/hash.ts: the signer hashes every to-be-signed string and every
 * record, and the native hash is several times faster than the portable one.
 */
import { createHash } from 'node:crypto';

export function sha256Bytes(data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
