/**
 * The v1 signature block (META-INF/*.RSA or *.EC): a PKCS#7 SignedData with no content (the .SF
 * file is detached), the signer's certificate, and one SignerInfo: with signed attributes holding
 * the .SF digest (the signature made elsewhere over protocol/signing's v1SignedAttributes), or
 * without, its signature over the .SF itself (for minSdk below 19, as apksigner always writes it).
 * Algorithm identifiers follow apksigner: sha256 (or sha1) with NULL parameters, rsaEncryption or
 * id-ecPublicKey as the signature algorithm.
 */
import {
  certificateFields, decodeOid, derChildren, derExplicit, derNull, derOctetString, derOid, derSequence, derSetOf, derSmallInteger, derTlv,
  expectTag, OID, readDer, TAG, v1SignedAttributesImplicit,
} from '../../../protocol/signing/index.ts';
import type { DerElement } from '../../../protocol/signing/index.ts';
import { ApkError } from '../errors.ts';

function algorithmIdentifier(oid: string): Uint8Array {
  return derSequence(derOid(oid), derNull());
}

export interface SignatureBlockFields {
  readonly certificateDer: Uint8Array;
  /** With signed attributes holding this SHA-256 .SF digest; without it, the signature covers the .SF itself. */
  readonly sfDigest?: Uint8Array;
  /** The signature's digest when there are no signed attributes (SHA-1 for minSdk below 18); SHA-256 otherwise. */
  readonly digestAlgorithm?: 'sha1' | 'sha256';
  readonly signature: Uint8Array;
  readonly keyKind: 'rsa' | 'ec';
}

export function buildSignatureBlock(fields: SignatureBlockFields): Uint8Array {
  const cert = certificateFields(fields.certificateDer);
  const digestOid = fields.sfDigest === undefined && fields.digestAlgorithm === 'sha1' ? OID.SHA1 : OID.SHA256;
  const signerInfo = derSequence(
    derSmallInteger(1),
    derSequence(cert.issuer, cert.serialNumber),
    algorithmIdentifier(digestOid),
    ...(fields.sfDigest === undefined ? [] : [v1SignedAttributesImplicit(fields.sfDigest)]),
    algorithmIdentifier(fields.keyKind === 'rsa' ? OID.RSA_ENCRYPTION : OID.EC_PUBLIC_KEY),
    derOctetString(fields.signature),
  );
  const signedData = derSequence(
    derSmallInteger(1),
    derSetOf(algorithmIdentifier(digestOid)),
    derSequence(derOid(OID.DATA)),
    derTlv(0xa0, fields.certificateDer),
    derSetOf(signerInfo),
  );
  return derSequence(derOid(OID.SIGNED_DATA), derExplicit(0, signedData));
}

export interface ParsedSignerInfo {
  /** DER of the issuer Name and of the serial INTEGER. */
  readonly issuer: Uint8Array;
  readonly serialNumber: Uint8Array;
  readonly digestAlgorithm: string;
  /** Signed attributes re-tagged as a SET (what the signature covers), if present. */
  readonly signedAttributes: Uint8Array | undefined;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
}

export interface ParsedSignatureBlock {
  readonly certificates: readonly Uint8Array[];
  readonly signerInfos: readonly ParsedSignerInfo[];
}

function bad(file: string, message: string, cause?: unknown): ApkError {
  return new ApkError('VERIFY_FAILED', `${file}: ${message}`, { entry: file, cause });
}

function parseSignerInfo(el: DerElement): ParsedSignerInfo {
  const parts = derChildren(el, 'SignerInfo');
  const [version, sid, digestAlgorithm, ...rest] = parts;
  if (version === undefined || sid === undefined || digestAlgorithm === undefined) throw new Error('SignerInfo: too few fields');
  expectTag(sid, TAG.SEQUENCE, 'IssuerAndSerialNumber');
  const [issuer, serial] = derChildren(sid, 'IssuerAndSerialNumber');
  if (issuer === undefined || serial === undefined) throw new Error('IssuerAndSerialNumber: too few fields');
  let signedAttributes: Uint8Array | undefined;
  if (rest[0]?.tag === 0xa0) {
    const set = rest.shift()!.der.slice();
    set[0] = TAG.SET;
    signedAttributes = set;
  }
  const [signatureAlgorithm, signature] = rest;
  if (signatureAlgorithm === undefined || signature === undefined) throw new Error('SignerInfo: no signature');
  expectTag(signature, TAG.OCTET_STRING, 'signature');
  return {
    issuer: issuer.der,
    serialNumber: serial.der,
    digestAlgorithm: decodeOid(derChildren(digestAlgorithm)[0]!, 'digestAlgorithm'),
    signedAttributes,
    signatureAlgorithm: decodeOid(derChildren(signatureAlgorithm)[0]!, 'signatureAlgorithm'),
    signature: signature.content,
  };
}

export function parseSignatureBlock(der: Uint8Array, file: string): ParsedSignatureBlock {
  try {
    const contentInfo = derChildren(readDer(der, TAG.SEQUENCE, 'ContentInfo'));
    if (contentInfo.length !== 2 || decodeOid(contentInfo[0]!) !== OID.SIGNED_DATA || contentInfo[1]!.tag !== 0xa0) throw new Error('not a SignedData ContentInfo');
    const signedData = readDer(contentInfo[1]!.content, TAG.SEQUENCE, 'SignedData');
    const fields = derChildren(signedData, 'SignedData');
    const certificates: Uint8Array[] = [];
    let signerInfos: ParsedSignerInfo[] = [];
    for (const f of fields.slice(3)) {
      if (f.tag === 0xa0) certificates.push(...derChildren(f, 'certificates').map((c) => c.der));
      else if (f.tag === TAG.SET) signerInfos = derChildren(f, 'signerInfos').map(parseSignerInfo);
    }
    return { certificates, signerInfos };
  } catch (cause) {
    if (cause instanceof ApkError) throw cause;
    throw bad(file, `not a PKCS#7 signature block (${(cause as Error).message})`, cause);
  }
}
