/**
 * What both sides need from an X.509 certificate: its SHA-256 (the key's name in requests), its
 * SubjectPublicKeyInfo (the APK signer block carries it), issuer and serial (PKCS#7 names the
 * signer by them) and the key type (which picks the signature algorithm).
 */
import { ProtocolError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import type { KeyType } from './algorithms.ts';
import { bitLength, decodeOid, decodeUnsignedInteger, derChildren, expectMinimalInteger, expectTag, readDer, TAG } from './der.ts';

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC = '1.2.840.10045.2.1';
const OID_P256 = '1.2.840.10045.3.1.7';

export interface CertificateFields {
  /** DER of the issuer Name. */
  readonly issuer: Uint8Array;
  /** DER of the serialNumber INTEGER (tag and length included). */
  readonly serialNumber: Uint8Array;
  /** DER of the SubjectPublicKeyInfo. */
  readonly subjectPublicKeyInfo: Uint8Array;
}

export function certificateSha256(certificateDer: Uint8Array): Uint8Array {
  return sha256(certificateDer);
}

/** Reads the fields of a DER certificate; refuses anything that is not one well-formed certificate. */
export function certificateFields(certificateDer: Uint8Array): CertificateFields {
  const what = 'certificate';
  const cert = readDer(certificateDer, TAG.SEQUENCE, what);
  const parts = derChildren(cert, what);
  if (parts.length !== 3) throw new ProtocolError('BAD_TYPE', `${what}: expected 3 elements, got ${parts.length}`);
  const tbs = parts[0]!;
  expectTag(tbs, TAG.SEQUENCE, 'tbsCertificate');
  const fields = derChildren(tbs, 'tbsCertificate');
  // An explicit [0] version comes first in v2/v3 certificates.
  const at = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[at];
  const issuer = fields[at + 2];
  const spki = fields[at + 5];
  if (serial === undefined || issuer === undefined || spki === undefined) throw new ProtocolError('BAD_TYPE', 'tbsCertificate: too few fields');
  // The serial is kept as DER (PKCS#7 names the signer by it): a padded one would be a second encoding of the same certificate.
  expectMinimalInteger(serial, 'serialNumber');
  expectTag(issuer, TAG.SEQUENCE, 'issuer');
  expectTag(spki, TAG.SEQUENCE, 'subjectPublicKeyInfo');
  return { issuer: issuer.der, serialNumber: serial.der, subjectPublicKeyInfo: spki.der };
}

/** RSA modulus size, or the EC curve, from a SubjectPublicKeyInfo. */
export function publicKeyType(spkiDer: Uint8Array): KeyType {
  const spki = readDer(spkiDer, TAG.SEQUENCE, 'subjectPublicKeyInfo');
  const [algorithm, key] = derChildren(spki, 'subjectPublicKeyInfo');
  if (algorithm === undefined || key === undefined) throw new ProtocolError('BAD_TYPE', 'subjectPublicKeyInfo: too few fields');
  expectTag(key, TAG.BIT_STRING, 'subjectPublicKey');
  const [oid, params] = derChildren(algorithm, 'algorithm');
  if (oid === undefined) throw new ProtocolError('BAD_TYPE', 'subjectPublicKeyInfo: no algorithm');
  const algorithmOid = decodeOid(oid, 'algorithm');
  if (algorithmOid === OID_RSA) {
    if (key.content[0] !== 0) throw new ProtocolError('BAD_TYPE', 'subjectPublicKey: unused bits in an RSA key');
    const rsa = readDer(key.content.subarray(1), TAG.SEQUENCE, 'RSAPublicKey');
    const [modulus] = derChildren(rsa, 'RSAPublicKey');
    if (modulus === undefined) throw new ProtocolError('BAD_TYPE', 'RSAPublicKey: no modulus');
    return { kind: 'rsa', bits: bitLength(decodeUnsignedInteger(modulus, 'modulus')) };
  }
  if (algorithmOid === OID_EC) {
    const curve = params === undefined ? '' : decodeOid(params, 'namedCurve');
    if (curve !== OID_P256) throw new ProtocolError('UNSUPPORTED', `EC curve ${curve || '(none)'} is not supported; use P-256`);
    return { kind: 'ec', curve: 'p256' };
  }
  throw new ProtocolError('UNSUPPORTED', `public key algorithm ${algorithmOid} is not supported; use RSA or EC P-256`);
}

/** The key type of a certificate, refusing key sizes APK signing should not use. */
export function certificateKeyType(certificateDer: Uint8Array): KeyType {
  const key = publicKeyType(certificateFields(certificateDer).subjectPublicKeyInfo);
  if (key.kind === 'rsa' && (key.bits < 2048 || key.bits > 8192)) {
    throw new ProtocolError('UNSUPPORTED', `RSA keys of ${key.bits} bits are not supported; use 2048 to 8192 bits`);
  }
  return key;
}
