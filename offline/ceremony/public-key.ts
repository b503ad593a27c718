/** Reads a generated public key off the token and writes it as a SubjectPublicKeyInfo (DER). */
import { CK } from '../pkcs11/cryptoki.ts';
import type { Handle } from '../pkcs11/cryptoki.ts';
import type { Session } from '../pkcs11/session.ts';
import { SignerError } from '../errors.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { derBitString, derNull, derOid, derSequence, derUnsignedInteger } from '../../protocol/signing/index.ts';

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  idEcPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
} as const;

/** The DER of CKA_EC_PARAMS for P-256: the named curve's OID. */
export const P256_PARAMS = derOid(OID.prime256v1);

/** CKA_EC_POINT is a DER OCTET STRING around the point (some tokens give the bare point). */
function unwrapEcPoint(value: Uint8Array): Uint8Array {
  if (value.length === 67 && value[0] === 0x04 && value[1] === 0x41) return value.subarray(2);
  if (value.length === 65 && value[0] === 0x04) return value;
  throw new SignerError('TOKEN_ERROR', `unexpected CKA_EC_POINT of ${value.length} bytes (want an uncompressed P-256 point)`);
}

export interface PublicKeyInfo {
  /** SubjectPublicKeyInfo, DER. */
  readonly spki: Uint8Array;
  /** The subjectPublicKey bits alone (RSAPublicKey DER, or the EC point). */
  readonly publicKeyBits: Uint8Array;
}

export function subjectPublicKeyInfo(session: Session, publicKey: Handle, keyType: KeyType): PublicKeyInfo {
  if (keyType.kind === 'rsa') {
    const a = session.attributes(publicKey, [CK.CKA_MODULUS, CK.CKA_PUBLIC_EXPONENT]);
    const n = new Uint8Array(a.get(CK.CKA_MODULUS) ?? Buffer.alloc(0));
    const e = new Uint8Array(a.get(CK.CKA_PUBLIC_EXPONENT) ?? Buffer.alloc(0));
    const bits = derSequence(derUnsignedInteger(n), derUnsignedInteger(e));
    return { spki: derSequence(derSequence(derOid(OID.rsaEncryption), derNull()), derBitString(bits)), publicKeyBits: bits };
  }
  const point = unwrapEcPoint(new Uint8Array(session.attributes(publicKey, [CK.CKA_EC_POINT]).get(CK.CKA_EC_POINT) ?? Buffer.alloc(0)));
  return { spki: derSequence(derSequence(derOid(OID.idEcPublicKey), derOid(OID.prime256v1)), derBitString(point)), publicKeyBits: point };
}
