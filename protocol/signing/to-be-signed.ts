/**
 * The contract between the two sides about what gets signed. The offline side never signs bytes it
 * was handed: it calls `buildToBeSigned` (protocol/signing) with a request item and the key's own
 * certificate, and signs exactly what comes back. The online side calls the same code to place the
 * signatures. The hash named by `hash` is applied by the signer (PKCS#11 CKM_SHA256_RSA_PKCS etc.).
 */
import type { Scheme } from '../kinds/schemes.ts';
import type { AnySignatureAlgorithmId, SignatureMethod } from './algorithms.ts';

export interface ToBeSigned {
  /** v1, v2, v3 for the Android kinds; openpgp, openpgp-text, openpgp-binary for OpenPGP signatures. */
  readonly scheme: Scheme;
  /** The signature algorithm, said without any format's numbering (what item signatures and audit records carry). */
  readonly method: SignatureMethod;
  /** The same algorithm as APK Signature Scheme ids number it, which APK signer blocks carry; for v1 the same ids name RSA/ECDSA with the v1 digest. */
  readonly algorithm: AnySignatureAlgorithmId;
  /** Hash the signer applies to `data` before the private-key operation. */
  readonly hash: 'sha1' | 'sha256' | 'sha512';
  readonly keyKind: 'rsa' | 'ec';
  /** The exact bytes the signature covers; with `prehashed`, the last of them (the ones the signer built itself). */
  readonly data: Uint8Array;
  /**
   * The finished `hash`, when the signed bytes are not all here: an OpenPGP file's hash resumed from
   * the midstate the item carries, finished over `data`. The token signs this digest (CKM_RSA_PKCS
   * over its DigestInfo, or CKM_ECDSA), never a hash of `data` alone.
   */
  readonly prehashed?: Uint8Array;
}

/** Anything that can make signatures with a named key: a software key in tests, PKCS#11, or the QR round trip. */
export interface Signer {
  /** Signs each to-be-signed item with the key whose certificate has this SHA-256 fingerprint. Returns signatures as artifacts carry them (ECDSA in DER). */
  sign(keyFingerprint: Uint8Array, items: readonly ToBeSigned[]): Promise<Uint8Array[]>;
}
