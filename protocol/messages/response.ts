/** The signing response: per item, signatures or a typed refusal; bound to its request by digest. */
import { z } from 'zod';
import { PROTOCOL_VERSION } from '../version.ts';
import { LIMITS } from '../limits.ts';
import { bytes, sha256Bytes, text, uint, unixSeconds } from './fields.ts';
import { SCHEMES } from '../kinds/schemes.ts';
import { SIGNATURE_METHODS } from '../signing/algorithms.ts';
import { APPROVAL_CODES, ATTESTATION_CODES } from '../attest/refusal-codes.ts';

/** Why the offline side refused an item. */
export const REFUSAL_REASONS = [
  'POLICY_KEY_NOT_ALLOWED',
  'POLICY_PACKAGE_NOT_ALLOWED',
  'POLICY_ARTIFACT_KIND_NOT_ALLOWED',
  'POLICY_VERSION_ROLLBACK',
  'POLICY_TOO_MANY_ITEMS',
  'POLICY_REQUEST_EXPIRED',
  'POLICY_REQUEST_FROM_FUTURE',
  'POLICY_ALREADY_SIGNED',
  'UNKNOWN_KEY',
  'UNSUPPORTED_ALGORITHM',
  'INVALID_ITEM',
  'OPERATOR_REFUSED',
  'TOKEN_ERROR',
  /** The item's manifest proof fails (protocol/apk-proof): its code starts the detail. */
  'PROOF_INVALID',
  /** The proven manifest names another package, version code or version name than the item claims. */
  'PROOF_CLAIMS_DISAGREE',
  /** The rule that would allow the item requires proof (`"requireProof": true`) and the item carries none. */
  'POLICY_PROOF_REQUIRED',
  // Attestations and approvals short of what the policy asks (protocol/attest/refusal-codes.ts).
  ...ATTESTATION_CODES,
  ...APPROVAL_CODES,
  'POLICY_KEY_CREATION_NOT_ALLOWED',
  'NEW_KEY_INVALID',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const ItemSignature = z.strictObject({
  scheme: z.enum(SCHEMES),
  /** The signature algorithm, as protocol/signing/algorithms.ts names it ("rsa-pkcs1-sha256", "ecdsa-sha256", ...). */
  method: z.enum(SIGNATURE_METHODS),
  /** The signature as the artifact carries it (for APK and JAR items, ECDSA in DER: the item's kind says). */
  signature: bytes(1, LIMITS.maxSignatureBytes),
});
export type ItemSignature = z.infer<typeof ItemSignature>;

/** A signed item whose key the request asked to have made carries the new key's certificate (DER). */
export const ItemResult = z.discriminatedUnion('status', [
  z.strictObject({ index: uint(LIMITS.maxItems - 1), status: z.literal('signed'), signatures: z.array(ItemSignature).min(1).max(3), certificate: bytes(64, LIMITS.maxCertificateBytes).optional() }),
  z.strictObject({ index: uint(LIMITS.maxItems - 1), status: z.literal('refused'), reason: z.enum(REFUSAL_REASONS), detail: text(300) }),
]);
export type ItemResult = z.infer<typeof ItemResult>;

export const SigningResponse = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('response'),
  /** SHA-256 of the request's canonical bytes. */
  requestDigest: sha256Bytes,
  signedAt: unixSeconds,
  results: z.array(ItemResult).min(1).max(LIMITS.maxItems),
  /** The offline audit log after this batch: last sequence number and head hash. */
  audit: z.strictObject({ seq: uint(), head: sha256Bytes }),
});
export type SigningResponse = z.infer<typeof SigningResponse>;
