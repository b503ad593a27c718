export { KINDS, ARTIFACT_KINDS, ITEM_SCHEMAS, isArtifactKind, unknownKind, withKind, itemLabel, policySubject, itemSignedDigests } from './registry.ts';
export type { ArtifactKind, SigningItem, UnkeyedItem } from './registry.ts';
export type { ArtifactKindModule, ItemLabel, PolicySubject, SignedDigest } from './kind.ts';
export { ApkItem, apkKind } from './apk.ts';
export { JarItem, jarKind, JAR_NAME, FdroidIndexClaim, fdroidIndexClaimLines, MAX_INDEX_COUNT } from './jar.ts';
export { SCHEMES, OPENPGP_SCHEMES, SIGNATURE_SCHEMES, V1Fields, V2V3Fields } from './schemes.ts';
export type { Scheme, SignatureScheme, OpenPgpScheme } from './schemes.ts';
export { AptReleaseItem, aptReleaseKind, aptReleaseSignatures, checkedRelease, releaseText, releaseBytes, releasePieces, RELEASE_PIECE_BYTES, releaseAssertionLines, APT_RELEASE_NAME } from './apt-release.ts';
export { encodeSignature } from './encode-signature.ts';
