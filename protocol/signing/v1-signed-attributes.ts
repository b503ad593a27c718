/**
 * v1 (JAR) signing through PKCS#7 signed attributes. Instead of the whole .SF file (hundreds of
 * kilobytes for a large APK), the signature covers a small DER SET holding the content type (data)
 * and the SHA-256 of the .SF file. Nothing time-varying is included (no signing time), so both
 * sides rebuild exactly the same bytes from the digest alone. Android verifies signed attributes
 * from API level 19; apksigner and jarsigner accept them.
 */
import { ProtocolError } from '../errors.ts';
import { derOctetString, derOid, derSequence, derSetOf } from './der.ts';

export const OID = {
  DATA: '1.2.840.113549.1.7.1',
  SIGNED_DATA: '1.2.840.113549.1.7.2',
  CONTENT_TYPE: '1.2.840.113549.1.9.3',
  MESSAGE_DIGEST: '1.2.840.113549.1.9.4',
  SHA256: '2.16.840.1.101.3.4.2.1',
  SHA1: '1.3.14.3.2.26',
  RSA_ENCRYPTION: '1.2.840.113549.1.1.1',
  EC_PUBLIC_KEY: '1.2.840.10045.2.1',
} as const;

/** The lowest API level whose v1 verifier accepts signed attributes. */
export const V1_SIGNED_ATTRIBUTES_MIN_SDK = 19;

function attribute(oid: string, value: Uint8Array): Uint8Array {
  return derSequence(derOid(oid), derSetOf(value));
}

/** The attribute elements, in DER order, without the outer SET header. */
function attributes(sfDigest: Uint8Array): Uint8Array[] {
  if (sfDigest.length !== 32) {
    throw new ProtocolError('BAD_ARGUMENT', `"sfDigest" expected Uint8Array of length 32, got length=${sfDigest.length}`, { fields: ['sfDigest'] });
  }
  return [attribute(OID.CONTENT_TYPE, derOid(OID.DATA)), attribute(OID.MESSAGE_DIGEST, derOctetString(sfDigest))];
}

/** What the v1 signature covers: the signed attributes encoded as a SET (tag 0x31), per RFC 5652 5.4. */
export function v1SignedAttributes(sfDigest: Uint8Array): Uint8Array {
  return derSetOf(...attributes(sfDigest));
}

/** The same attributes as the SignerInfo carries them: [0] IMPLICIT, the same bytes under tag 0xa0. */
export function v1SignedAttributesImplicit(sfDigest: Uint8Array): Uint8Array {
  const out = v1SignedAttributes(sfDigest).slice();
  out[0] = 0xa0;
  return out;
}
