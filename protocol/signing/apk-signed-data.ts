/**
 * The "signed data" of APK Signature Scheme v2 and v3 signer blocks: the exact bytes the signature
 * covers. Integers are little-endian uint32; every variable-length part is prefixed by its uint32
 * length. Both sides build these bytes from the same few fields, so they agree byte for byte with
 * what apksigner writes and what Android checks.
 */
import { concatBytes, writeU32LE } from '../bytes.ts';
import type { SignatureAlgorithmId } from './algorithms.ts';

/** Block ids inside the APK Signing Block, and the v2 attribute that protects v3 against stripping. */
export const APK_BLOCK_IDS = {
  V2: 0x7109871a,
  V3: 0xf05368c0,
  /** apksigner pads the signing block to a 4096-byte multiple with a pair of this id. */
  PADDING: 0x42726577,
} as const;
export const STRIPPING_PROTECTION_ATTRIBUTE_ID = 0xbeeff00d;
export const APK_SIGNATURE_SCHEME_V3_ID = 3;

export function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  writeU32LE(out, 0, value);
  return out;
}

export function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  return concatBytes(u32le(bytes.length), bytes);
}

/** A length-prefixed sequence of length-prefixed elements. */
export function lengthPrefixedSequence(elements: readonly Uint8Array[]): Uint8Array {
  return lengthPrefixed(concatBytes(...elements.map(lengthPrefixed)));
}

/** The digests part: one (algorithm id, length-prefixed digest) pair. */
function digestsPart(algorithm: SignatureAlgorithmId, contentDigest: Uint8Array): Uint8Array {
  return lengthPrefixedSequence([concatBytes(u32le(algorithm), lengthPrefixed(contentDigest))]);
}

export interface SignedDataFields {
  readonly algorithm: SignatureAlgorithmId;
  readonly contentDigest: Uint8Array;
  readonly certificateDer: Uint8Array;
}

/**
 * v2 signed data: digests, certificates, additional attributes, and (as apksigner writes it) an
 * empty fourth element. When v3 is also signed, the stripping-protection attribute (id 0xbeeff00d,
 * value 3) tells a v3-aware platform to refuse the APK if its v3 block was removed.
 */
export function v2SignedData(fields: SignedDataFields & { readonly alsoV3: boolean }): Uint8Array {
  const attributes = fields.alsoV3
    ? lengthPrefixed(concatBytes(u32le(STRIPPING_PROTECTION_ATTRIBUTE_ID), u32le(APK_SIGNATURE_SCHEME_V3_ID)))
    : new Uint8Array(0);
  return concatBytes(
    digestsPart(fields.algorithm, fields.contentDigest),
    lengthPrefixedSequence([fields.certificateDer]),
    lengthPrefixed(attributes),
    lengthPrefixed(new Uint8Array(0)),
  );
}

/** v3 signed data: digests, certificates, the SDK range, and (no lineage) empty additional attributes. */
export function v3SignedData(fields: SignedDataFields & { readonly minSdk: number; readonly maxSdk: number }): Uint8Array {
  return concatBytes(
    digestsPart(fields.algorithm, fields.contentDigest),
    lengthPrefixedSequence([fields.certificateDer]),
    u32le(fields.minSdk),
    u32le(fields.maxSdk),
    lengthPrefixed(new Uint8Array(0)),
  );
}
