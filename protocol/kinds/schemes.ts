/**
 * The JAR and APK signature schemes both Android kinds use, and the fields each asks to have
 * signed: a v1 round signs PKCS#7 signed attributes over a .SF digest, a v2/v3 round signs the
 * APK Signature Scheme's signed data over a content digest.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { concatBytes } from '../bytes.ts';
import { bytes, uint } from '../messages/fields.ts';

/** The Android signature schemes (APK and JAR items). */
export const ANDROID_SCHEMES = ['v1', 'v2', 'v3'] as const;
export type AndroidScheme = (typeof ANDROID_SCHEMES)[number];

/**
 * OpenPGP signatures: `openpgp` a detached signature finished from a file's hash state (the openpgp kind);
 * `openpgp-text` over canonical text (type 0x01, a cleartext message) and `openpgp-binary` over bytes
 * (type 0x00, detached), both over a whole file (the apt-release kind).
 */
export const OPENPGP_SCHEMES = ['openpgp', 'openpgp-text', 'openpgp-binary'] as const;
export type OpenPgpScheme = (typeof OPENPGP_SCHEMES)[number];

/** Every kind of signature an item's round may ask for and its result may carry. */
export const SCHEMES = [...ANDROID_SCHEMES, ...OPENPGP_SCHEMES] as const;
export type Scheme = (typeof SCHEMES)[number];

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

/**
 * v1 (JAR) signing of the .SF file itself, without signed attributes: what apksigner makes, and
 * what Android below API level 19 needs. The .SF crosses whole (names and digests; a 500-entry
 * APK's is about 50 KB); the signer refuses it unless it is a well-formed signature file in
 * `digestAlgorithm` stating `manifestDigest` (protocol/signing/signature-file.ts), then signs it
 * with RSA or ECDSA and that digest: SHA-1 for minSdk below 18, as apksigner does (Android 4.2
 * and older verify nothing else), SHA-256 from 18.
 */
/**
 * The .SF crosses in pieces of this size, every piece but the last full: the canonical encoding
 * takes no byte string longer (LIMITS.maxCertificateBytes), and one way of cutting keeps one
 * encoding per .SF.
 */
export const SF_CHUNK_BYTES = LIMITS.maxCertificateBytes;

export const V1SfFields = z.strictObject({
  /** Digest algorithm of every digest in the .SF and of the PKCS#7 signature. */
  digestAlgorithm: z.enum(['sha1', 'sha256']),
  /** Digest of the whole MANIFEST.MF, as the .SF states it (shown to the operator, checked against the .SF). */
  manifestDigest: bytes(20, 32),
  /**
   * The .SF file, byte for byte, in SF_CHUNK_BYTES pieces; up to the message's own limit here, and
   * bounded again (1 MiB) by the signer's check of the .SF, which refuses a larger one as SF_TOO_LARGE.
   */
  signatureFile: z
    .array(bytes(1, SF_CHUNK_BYTES))
    .min(1)
    .max(LIMITS.maxMessageBytes / SF_CHUNK_BYTES)
    .refine((chunks) => chunks.every((c, i) => i === chunks.length - 1 || c.length === SF_CHUNK_BYTES), { message: `every piece of the .SF but the last holds ${SF_CHUNK_BYTES} bytes` }),
});
export type V1SfFields = z.infer<typeof V1SfFields>;

/** The .SF's bytes from its pieces. */
export function signatureFileBytes(v1Sf: Pick<V1SfFields, 'signatureFile'>): Uint8Array {
  return concatBytes(...v1Sf.signatureFile);
}

/** A .SF cut into the pieces an item carries. */
export function signatureFileChunks(sf: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < sf.length; at += SF_CHUNK_BYTES) chunks.push(sf.slice(at, at + SF_CHUNK_BYTES));
  return chunks;
}

/** v2/v3 (APK Signature Scheme) signing: one content digest serves both schemes. */
export const V2V3Fields = z.strictObject({
  /** Chunked SHA-256 (32 bytes) or chunked SHA-512 (64 bytes) content digest, as the key's algorithm needs. */
  contentDigest: bytes(32, 64),
  /** SDK range of the v3 signer block (we write 28, the first platform that reads v3, to 2147483647). */
  v3MinSdk: uint(0x7fffffff),
  v3MaxSdk: uint(0x7fffffff),
});
export type V2V3Fields = z.infer<typeof V2V3Fields>;
