/**
 * The JAR and APK signature schemes both Android kinds use, and the fields each asks to have
 * signed: a v1 round signs PKCS#7 signed attributes over a .SF digest, a v2/v3 round signs the
 * APK Signature Scheme's signed data over a content digest.
 */
import { z } from 'zod';
import { bytes, uint } from '../messages/fields.ts';

/** The Android schemes (what APK and JAR items may ask for). */
export const SCHEMES = ['v1', 'v2', 'v3'] as const;
export type Scheme = (typeof SCHEMES)[number];

/** OpenPGP signatures: over canonical text (type 0x01, a cleartext message) and over bytes (type 0x00, detached). */
export const OPENPGP_SCHEMES = ['openpgp-text', 'openpgp-binary'] as const;
export type OpenPgpScheme = (typeof OPENPGP_SCHEMES)[number];

/** Every kind of signature an item's result may carry. */
export const SIGNATURE_SCHEMES = [...SCHEMES, ...OPENPGP_SCHEMES] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

/**
 * v1 (JAR) signing: the offline side signs PKCS#7 signed attributes that hold this digest of the .SF
 * file (protocol/signing/v1-signed-attributes.ts). The online side only produces SHA-256 (signed
 * attributes need API level 19, and apksigner itself uses SHA-256 from API level 18 on);
 * the v1 round refuses 'sha1' as UNSUPPORTED, so no SHA-1 signature is ever made.
 */
export const V1Fields = z.strictObject({
  /** Digest algorithm of the .SF digest and of the PKCS#7 signature. */
  digestAlgorithm: z.enum(['sha1', 'sha256']),
  /** Digest of the whole .SF file. */
  sfDigest: bytes(20, 32),
});
export type V1Fields = z.infer<typeof V1Fields>;

/** v2/v3 (APK Signature Scheme) signing: one content digest serves both schemes. */
export const V2V3Fields = z.strictObject({
  /** Chunked SHA-256 (32 bytes) or chunked SHA-512 (64 bytes) content digest, as the key's algorithm needs. */
  contentDigest: bytes(32, 64),
  /** SDK range of the v3 signer block (we write 28, the first platform that reads v3, to 2147483647). */
  v3MinSdk: uint(0x7fffffff),
  v3MaxSdk: uint(0x7fffffff),
});
export type V2V3Fields = z.infer<typeof V2V3Fields>;
