export { KINDS, ARTIFACT_KINDS, ITEM_SCHEMAS, isArtifactKind, unknownKind, withKind, itemLabel, policySubject, itemSignedDigests } from './registry.ts';
export type { ArtifactKind, SigningItem, UnkeyedItem } from './registry.ts';
export type { ArtifactKindModule, ItemLabel, PolicySubject, SignedDigest } from './kind.ts';
export { ApkItem, apkKind } from './apk.ts';
export { JarItem, jarKind, JAR_NAME, FdroidIndexClaim, fdroidIndexClaimLines, MAX_INDEX_COUNT } from './jar.ts';
export { SCHEMES, ANDROID_SCHEMES, V1Fields, V1SfFields, V2V3Fields, SF_CHUNK_BYTES, signatureFileBytes, signatureFileChunks } from './schemes.ts';
export type { Scheme, AndroidScheme } from './schemes.ts';
export { encodeSignature } from './encode-signature.ts';
export { OpenPgpItem, openPgpKind, openPgpClaimLines, formatFingerprint, OPENPGP_FILE_NAME, OPENPGP_SIGNATURE_TYPE, FileHashStateFields } from './openpgp.ts';
