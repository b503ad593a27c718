/**
 * The signing request: a batch of items, each carrying what the operator must see and the few
 * fields from which the offline side builds, itself, the exact bytes it signs.
 */
import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { bytes, packageName, sha256Bytes, text, uint, unixSeconds } from './fields.ts';

export const SCHEMES = ['v1', 'v2', 'v3'] as const;
export type Scheme = (typeof SCHEMES)[number];

/**
 * v1 (JAR) signing: the offline side signs PKCS#7 signed attributes that hold this digest of the .SF
 * file (protocol/signing/v1-signed-attributes.ts). The online side only produces SHA-256 (signed
 * attributes need API level 19, and apksigner itself uses SHA-256 from API level 18 on);
 * buildToBeSigned refuses 'sha1' as UNSUPPORTED, so no SHA-1 signature is ever made.
 */
export const V1Fields = z.strictObject({
  /** Digest algorithm of the .SF digest and of the PKCS#7 signature. */
  digestAlgorithm: z.enum(['sha1', 'sha256']),
  /** Digest of the whole .SF file. */
  sfDigest: bytes(20, 32),
});

/** v2/v3 (APK Signature Scheme) signing: one content digest serves both schemes. */
export const V2V3Fields = z.strictObject({
  /** Chunked SHA-256 (32 bytes) or chunked SHA-512 (64 bytes) content digest, as the key's algorithm needs. */
  contentDigest: bytes(32, 64),
  /** SDK range of the v3 signer block (we write 28, the first platform that reads v3, to 2147483647). */
  v3MinSdk: uint(0x7fffffff),
  v3MaxSdk: uint(0x7fffffff),
});

export const SigningItem = z.strictObject({
  /** Index into the request's `keys`. */
  key: uint(LIMITS.maxKeys - 1),
  /** What is signed: an Android APK or a JAR (an F-Droid index). */
  artifact: z.enum(['apk', 'jar']),
  /** Android package name (apk), or the JAR's file name such as "entry.jar". */
  name: z.union([packageName, z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.jar$/)]),
  /**
   * versionCode (apk: the long version code, (versionCodeMajor << 32) | versionCode), or the index
   * timestamp (jar); must rise per name under the default policy. At most LIMITS.maxVersionCode.
   */
  versionCode: uint(LIMITS.maxVersionCode),
  versionName: text(100),
  /** SHA-256 of the artifact as submitted, shown to the operator. */
  sha256: sha256Bytes,
  /** Schemes signed in this round. v1 is its own round when v2/v3 follow (v2 covers the v1 files). */
  schemes: z.array(z.enum(SCHEMES)).min(1).max(3),
  v1: V1Fields.optional(),
  v2v3: V2V3Fields.optional(),
});
export type SigningItem = z.infer<typeof SigningItem>;

export const SigningRequest = z.strictObject({
  v: z.literal(1),
  kind: z.literal('request'),
  /** Random, 16 bytes: makes every request distinct even for the same artifacts. */
  requestId: bytes(16, 16),
  issuedAt: unixSeconds,
  /** SHA-256 fingerprints of the signing certificates that items refer to by index. */
  keys: z.array(sha256Bytes).min(1).max(LIMITS.maxKeys),
  items: z.array(SigningItem).min(1).max(LIMITS.maxItems),
});
export type SigningRequest = z.infer<typeof SigningRequest>;
