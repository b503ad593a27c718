/** The OpenPGP form of a key the signer knows by its X.509 SubjectPublicKeyInfo (RSA, or EC P-256). */
import { ProtocolError } from '../errors.ts';
import { publicKeyType } from '../signing/certificate.ts';
import { TAG, decodeUnsignedInteger, derChildren, expectTag, readDer } from '../signing/der.ts';
import type { OpenPgpPublicKey } from './public-key.ts';

export function openPgpKeyFromSpki(spkiDer: Uint8Array, created: number): OpenPgpPublicKey {
  const type = publicKeyType(spkiDer);
  const [, bits] = derChildren(readDer(spkiDer, TAG.SEQUENCE, 'subjectPublicKeyInfo'), 'subjectPublicKeyInfo');
  if (bits === undefined) throw new ProtocolError('BAD_TYPE', 'subjectPublicKeyInfo: no key');
  expectTag(bits, TAG.BIT_STRING, 'subjectPublicKey');
  const key = bits.content.subarray(1);
  if (type.kind === 'ec') return { kind: 'ec', point: key, created };
  const [n, e] = derChildren(readDer(key, TAG.SEQUENCE, 'RSAPublicKey'), 'RSAPublicKey');
  if (n === undefined || e === undefined) throw new ProtocolError('BAD_TYPE', 'RSAPublicKey: too few fields');
  return { kind: 'rsa', n: decodeUnsignedInteger(n, 'modulus'), e: decodeUnsignedInteger(e, 'publicExponent'), created };
}
