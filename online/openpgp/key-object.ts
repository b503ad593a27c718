/** An OpenPGP public key (RSA, or ECDSA P-256) as a node:crypto key, through JWK. */
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { OpenPgpPublicKey } from '../../protocol/openpgp/index.ts';
import { OpenPgpError } from './errors.ts';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

export function keyObjectOf(key: OpenPgpPublicKey): KeyObject {
  try {
    if (key.kind === 'rsa') return createPublicKey({ key: { kty: 'RSA', n: b64url(key.n), e: b64url(key.e) }, format: 'jwk' });
    if (key.point.length !== 65 || key.point[0] !== 4) throw new Error(`a P-256 point is 65 bytes, uncompressed; got ${key.point.length}`);
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(key.point.subarray(1, 33)), y: b64url(key.point.subarray(33)) }, format: 'jwk' });
  } catch (cause) {
    throw new OpenPgpError('BAD_KEY_FILE', `the OpenPGP key is not a usable ${key.kind === 'rsa' ? 'RSA' : 'P-256'} key`, { cause });
  }
}
