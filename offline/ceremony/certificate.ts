/**
 * A self-signed X.509 v3 certificate whose TBS we write ourselves and whose signature the token
 * makes: the private key never leaves it. Extensions as a code-signing leaf needs them: not a CA,
 * digitalSignature only, and a subject key identifier.
 */
import { createHash } from 'node:crypto';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { derBitString, derBoolean, derExplicit, derNull, derOctetString, derOid, derSequence, derSmallInteger, derTime, derTlv, derUnsignedInteger, ecdsaRawToDer } from '../../protocol/signing/index.ts';
import { OID } from './public-key.ts';

export interface CertificateFields {
  readonly serial: Uint8Array;
  /** DER Name; issuer and subject are the same (self-signed). */
  readonly name: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Uint8Array;
  /** The subjectPublicKey bits inside `spki`, for the key identifier. */
  readonly publicKeyBits: Uint8Array;
  readonly keyType: KeyType;
}

function signatureAlgorithm(keyType: KeyType): Uint8Array {
  return keyType.kind === 'rsa'
    ? derSequence(derOid(OID.sha256WithRSAEncryption), derNull())
    : derSequence(derOid(OID.ecdsaWithSHA256));
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? derSequence(derOid(oid), derBoolean(true), derOctetString(value)) : derSequence(derOid(oid), derOctetString(value));
}

export function tbsCertificate(f: CertificateFields): Uint8Array {
  const keyId = createHash('sha1').update(f.publicKeyBits).digest();
  const extensions = derSequence(
    extension('2.5.29.19', true, derSequence()), // basicConstraints: cA false
    extension('2.5.29.15', true, derTlv(0x03, Uint8Array.of(7, 0x80))), // keyUsage: digitalSignature
    extension('2.5.29.14', false, derOctetString(keyId)), // subjectKeyIdentifier
  );
  return derSequence(
    derExplicit(0, derSmallInteger(2)),
    derUnsignedInteger(f.serial),
    signatureAlgorithm(f.keyType),
    f.name,
    derSequence(derTime(f.notBefore), derTime(f.notAfter)),
    f.name,
    f.spki,
    derExplicit(3, extensions),
  );
}

/** The certificate: TBS, algorithm, and the token's signature (ECDSA r||s turned into DER). */
export function assembleCertificate(tbs: Uint8Array, keyType: KeyType, rawSignature: Uint8Array): Uint8Array {
  const signature = keyType.kind === 'ec' ? ecdsaRawToDer(rawSignature) : rawSignature;
  return derSequence(tbs, signatureAlgorithm(keyType), derBitString(signature));
}

export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}
