/**
 * Signature algorithms as APK Signature Scheme v2/v3 number them (apksig's SignatureAlgorithm),
 * and how each is chosen from the key, as apksigner chooses: RSA up to 3072 bits and EC up to
 * 256 bits use SHA-256; larger keys use SHA-512.
 */
export const SIGNATURE_ALGORITHMS = {
  RSA_PKCS1_V1_5_WITH_SHA256: 0x0103,
  RSA_PKCS1_V1_5_WITH_SHA512: 0x0104,
  ECDSA_WITH_SHA256: 0x0201,
  ECDSA_WITH_SHA512: 0x0202,
} as const;
export type SignatureAlgorithmId = (typeof SIGNATURE_ALGORITHMS)[keyof typeof SIGNATURE_ALGORITHMS];

/**
 * RSA PKCS#1 v1.5 with SHA-1, for v1 (JAR) signatures only: APK Signature Scheme v2/v3 number no
 * SHA-1 algorithm, and this id never goes into a signing block. apksigner signs v1 so for APKs
 * whose minSdk is below 18 (Android 4.3), the first platform that verifies SHA-256 there.
 */
export const V1_RSA_PKCS1_V1_5_WITH_SHA1 = 0x0000 as const;
/** What a to-be-signed item names its algorithm by: an APK Signature Scheme id, or the v1-only SHA-1 one. */
export type AnySignatureAlgorithmId = SignatureAlgorithmId | typeof V1_RSA_PKCS1_V1_5_WITH_SHA1;

export type KeyType = { kind: 'rsa'; bits: number } | { kind: 'ec'; curve: 'p256' };

export function signatureAlgorithmFor(key: KeyType): SignatureAlgorithmId {
  if (key.kind === 'rsa') return key.bits <= 3072 ? SIGNATURE_ALGORITHMS.RSA_PKCS1_V1_5_WITH_SHA256 : SIGNATURE_ALGORITHMS.RSA_PKCS1_V1_5_WITH_SHA512;
  return SIGNATURE_ALGORITHMS.ECDSA_WITH_SHA256;
}

/** Digest algorithm of the v2/v3 content digest for a signature algorithm (chunked). */
export function contentDigestAlgorithm(id: SignatureAlgorithmId): 'sha256' | 'sha512' {
  return id === SIGNATURE_ALGORITHMS.RSA_PKCS1_V1_5_WITH_SHA512 || id === SIGNATURE_ALGORITHMS.ECDSA_WITH_SHA512 ? 'sha512' : 'sha256';
}

/**
 * A signature algorithm said without any one format's numbering, for item signatures and audit
 * records: the key's algorithm, its padding where it has one, and the hash. A kind whose format
 * numbers algorithms (APK's ids above) maps these to its own numbers.
 */
export const SIGNATURE_METHODS = ['rsa-pkcs1-sha256', 'rsa-pkcs1-sha512', 'ecdsa-sha256', 'ecdsa-sha512', 'rsa-pkcs1-sha1'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/** The method an APK signature algorithm id names. */
export function signatureMethodOf(id: AnySignatureAlgorithmId): SignatureMethod {
  switch (id) {
    case V1_RSA_PKCS1_V1_5_WITH_SHA1: return 'rsa-pkcs1-sha1';
    case SIGNATURE_ALGORITHMS.RSA_PKCS1_V1_5_WITH_SHA256: return 'rsa-pkcs1-sha256';
    case SIGNATURE_ALGORITHMS.RSA_PKCS1_V1_5_WITH_SHA512: return 'rsa-pkcs1-sha512';
    case SIGNATURE_ALGORITHMS.ECDSA_WITH_SHA256: return 'ecdsa-sha256';
    case SIGNATURE_ALGORITHMS.ECDSA_WITH_SHA512: return 'ecdsa-sha512';
    default: {
      const never: never = id;
      return never;
    }
  }
}
