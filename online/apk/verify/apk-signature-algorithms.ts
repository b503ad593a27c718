/**
 * The APK signature algorithms a verifier accepts, as apksig knows them: RSA PSS and PKCS#1 v1.5,
 * ECDSA and DSA, with SHA-256 or SHA-512. (Signing uses PKCS#1 v1.5 and ECDSA only.) Verity
 * variants are skipped, as apksigner skips what it does not check.
 */
import { constants, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

interface AlgorithmSpec {
  readonly hash: 'sha256' | 'sha512';
  readonly pss?: number;
}

const ALGORITHMS = new Map<number, AlgorithmSpec>([
  [0x0101, { hash: 'sha256', pss: 32 }],
  [0x0102, { hash: 'sha512', pss: 64 }],
  [0x0103, { hash: 'sha256' }],
  [0x0104, { hash: 'sha512' }],
  [0x0201, { hash: 'sha256' }],
  [0x0202, { hash: 'sha512' }],
  [0x0301, { hash: 'sha256' }],
]);

export function isSupportedAlgorithm(id: number): boolean {
  return ALGORITHMS.has(id);
}

/** The chunked digest an algorithm's signed data carries. */
export function contentDigestFor(id: number): 'sha256' | 'sha512' {
  return ALGORITHMS.get(id)?.hash ?? 'sha256';
}

export function verifyApkSignature(id: number, data: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  const spec = ALGORITHMS.get(id);
  if (spec === undefined) return false;
  try {
    const k = spec.pss === undefined ? key : { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: spec.pss };
    return verify(spec.hash, data, k, signature);
  } catch {
    // A key of the wrong type for the algorithm, or a malformed signature.
    return false;
  }
}
