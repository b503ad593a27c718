/**
 * Which Cryptoki mechanism makes which signature. RSA PKCS#1 v1.5 hashes inside the token
 * (CKM_SHA*_RSA_PKCS). ECDSA uses CKM_ECDSA_SHA256 when the token has it, otherwise we hash and
 * the token signs the digest with CKM_ECDSA (SoftHSM2 has only the latter). ECDSA comes back as
 * r||s; the caller turns it into DER where the artifact wants DER.
 */
import { createHash } from 'node:crypto';
import { SignerError } from '../errors.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { CK, ckmName } from './cryptoki.ts';
import type { Mechanism } from './cryptoki.ts';

export type SignatureHash = 'sha1' | 'sha256' | 'sha512';

export interface SignPlan {
  readonly mechanism: Mechanism;
  /** What the token is given: the data itself, or our digest of it (`digest`, when the caller already has it). */
  readonly input: (data: Uint8Array, digest?: Uint8Array) => Uint8Array;
  /** Size of the signature the token returns. */
  readonly length: number;
}

const RSA: Record<SignatureHash, number> = {
  sha1: CK.CKM_SHA1_RSA_PKCS,
  sha256: CK.CKM_SHA256_RSA_PKCS,
  sha512: CK.CKM_SHA512_RSA_PKCS,
};

const ECDSA_WITH_HASH: Record<SignatureHash, number> = {
  sha1: CK.CKM_ECDSA_SHA1,
  sha256: CK.CKM_ECDSA_SHA256,
  sha512: CK.CKM_ECDSA_SHA512,
};

const same = (data: Uint8Array) => data;

/** Chooses the mechanism for `key` and `hash` among what the token offers. */
export function planSignature(key: KeyType, hash: SignatureHash, available: ReadonlySet<number>): SignPlan {
  if (key.kind === 'rsa') {
    const mechanism = RSA[hash];
    if (!available.has(mechanism)) throw new SignerError('MECHANISM_UNSUPPORTED', `the token does not offer ${ckmName(mechanism)}`);
    return { mechanism: { mechanism }, input: same, length: Math.ceil(key.bits / 8) };
  }
  const length = 64; // P-256: r and s of 32 bytes each
  if (available.has(ECDSA_WITH_HASH[hash])) return { mechanism: { mechanism: ECDSA_WITH_HASH[hash] }, input: same, length };
  if (!available.has(CK.CKM_ECDSA)) throw new SignerError('MECHANISM_UNSUPPORTED', 'the token offers neither CKM_ECDSA nor a hashing ECDSA mechanism');
  return { mechanism: { mechanism: CK.CKM_ECDSA }, input: (data, digest) => digest ?? createHash(hash).update(data).digest(), length };
}
