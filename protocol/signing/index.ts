export { SIGNATURE_ALGORITHMS, V1_RSA_PKCS1_V1_5_WITH_SHA1, SIGNATURE_METHODS, signatureAlgorithmFor, signatureMethodOf, contentDigestAlgorithm } from './algorithms.ts';
export type { SignatureAlgorithmId, AnySignatureAlgorithmId, SignatureMethod, KeyType } from './algorithms.ts';
export type { ToBeSigned, Signer } from './to-be-signed.ts';
export { buildToBeSigned } from './build-to-be-signed.ts';
export { certificateKeyType, certificateSha256, certificateFields, publicKeyType } from './certificate.ts';
export type { CertificateFields } from './certificate.ts';
export { ecdsaRawToDer, ecdsaDerToRaw } from './ecdsa.ts';
export { v2SignedData, v3SignedData, APK_BLOCK_IDS, STRIPPING_PROTECTION_ATTRIBUTE_ID, lengthPrefixed, lengthPrefixedSequence, u32le } from './apk-signed-data.ts';
export type { SignedDataFields } from './apk-signed-data.ts';
export { v1SignedAttributes, v1SignedAttributesImplicit, V1_SIGNED_ATTRIBUTES_MIN_SDK, OID } from './v1-signed-attributes.ts';
export {
  derTlv, derSequence, derSetOf, derOctetString, derNull, derOid, derUnsignedInteger, derSmallInteger, derExplicit,
  derBoolean, derBitString, derUtf8String, derPrintableString, derIa5String, derTime, expectMinimalInteger,
  readDer, readDerAt, derChildren, decodeOid, decodeUnsignedInteger, expectTag, bitLength, TAG,
} from './der.ts';
export type { DerElement } from './der.ts';
export { signedDigests, signedDigestLines } from './signed-digests.ts';
export { checkSignatureFile, isSignatureFileError, SignatureFileError, MAX_SIGNATURE_FILE_BYTES, MAX_SIGNATURE_FILE_SECTIONS } from './signature-file.ts';
export type { SignatureFileDigest, SignatureFileProblem, SignatureFileSummary } from './signature-file.ts';
export type { SignedDigest } from './signed-digests.ts';
